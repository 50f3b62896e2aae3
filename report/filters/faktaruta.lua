--[[
faktaruta.lua: callouts in the DOCX become paragraphs in the "Faktaruta" style of reference.docx.

Used on both paths, for DOCX only:
  * without Quarto: `pandoc --lua-filter filters/faktaruta.lua` (after suengine.lua);
  * with Quarto: `_quarto.yml` runs it at the `pre-ast` entry point, before Quarto turns the
    callout divs into its own callout nodes, so Quarto never draws its table-with-an-icon (whose
    picture would carry Quarto's install path into the published file).
A callout `::: {.callout-note title="…"}` becomes the title in bold followed by the content, all
in one custom-style div, so Word shows one shaded box with a blue rule and no picture.
]]

local CALLOUT_CLASSES = {
  ["callout"] = true,
  ["callout-note"] = true,
  ["callout-tip"] = true,
  ["callout-important"] = true,
  ["callout-warning"] = true,
  ["callout-caution"] = true,
}

local function is_callout(div)
  for _, class in ipairs(div.classes) do
    if CALLOUT_CLASSES[class] then
      return true
    end
  end
  return false
end

function Div(div)
  if not FORMAT:match("docx") or not is_callout(div) then
    return nil
  end
  local blocks = pandoc.List()
  local title = div.attributes["title"]
  if title then
    blocks:insert(pandoc.Para({ pandoc.Strong(pandoc.Str(title)) }))
  end
  blocks:extend(div.content)
  return pandoc.Div(blocks, { ["custom-style"] = "Faktaruta" })
end

return {
  { Div = Div },
}
