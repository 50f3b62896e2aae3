--[[
suengine.lua: the pandoc-path stand-ins for what Quarto does itself.

Used only when the report is rendered without Quarto (pandoc from the pypandoc-binary wheel).
  * `fig-alt="…"` on an image becomes the image's alt text (Quarto reads fig-alt natively);
    for typst the figure is written with `alt:` so the PDF carries it too.
  * Callouts `::: {.callout-note title="…"}` become a titled box: a <div class="callout …"> in
    HTML, a shaded block in typst. DOCX callouts are left to faktaruta.lua, which Quarto runs too.
]]

local CALLOUT_KINDS = {
  ["callout-note"] = "note",
  ["callout-tip"] = "tip",
  ["callout-important"] = "important",
  ["callout-warning"] = "warning",
  ["callout-caution"] = "caution",
}

local TYPST_ACCENT = {
  note = "#0072B2",
  tip = "#009E73",
  important = "#B2182B",
  warning = "#B8860B",
  caution = "#D55E00",
}

local function typst_string(text)
  return '"' .. text:gsub("\\", "\\\\"):gsub('"', '\\"') .. '"'
end

local function typst_inlines(inlines)
  local doc = pandoc.Pandoc({ pandoc.Plain(inlines) })
  return (pandoc.write(doc, "typst"):gsub("%s+$", ""))
end

local function image_alt(img)
  local alt = img.attributes["fig-alt"]
  if alt ~= nil then
    img.attributes["fig-alt"] = nil
    img.caption = pandoc.Inlines(pandoc.Str(alt))
  end
  return img
end

function Image(img)
  return image_alt(img)
end

-- typst: pandoc's writer drops alt text, so write the figure ourselves.
function Figure(fig)
  if not FORMAT:match("typst") then
    return nil
  end
  local img = nil
  pandoc.walk_block(fig, { Image = function(el) img = el end })
  if img == nil then
    return nil
  end
  img = image_alt(img)
  local args = { typst_string(img.src) }
  local width = img.attributes["width"]
  if width ~= nil then
    table.insert(args, "width: " .. width)
  end
  table.insert(args, "alt: " .. typst_string(pandoc.utils.stringify(img.caption)))
  local caption = pandoc.utils.blocks_to_inlines(fig.caption.long)
  local code = "#figure(image(" .. table.concat(args, ", ") .. "), caption: [" .. typst_inlines(caption) .. "])"
  return pandoc.RawBlock("typst", code)
end

local function callout_kind(div)
  for _, class in ipairs(div.classes) do
    if CALLOUT_KINDS[class] then
      return CALLOUT_KINDS[class]
    end
  end
  return nil
end

function Div(div)
  local kind = callout_kind(div)
  if kind == nil then
    return nil
  end
  local title = div.attributes["title"]
  local content = pandoc.List(div.content)
  if FORMAT:match("html") then
    local blocks = pandoc.List()
    if title then
      blocks:insert(pandoc.Div({ pandoc.Plain({ pandoc.Strong(pandoc.Str(title)) }) }, { class = "callout-title" }))
    end
    blocks:extend(content)
    return pandoc.Div(blocks, { class = "callout callout-" .. kind, role = "note" })
  elseif FORMAT:match("typst") then
    local blocks = pandoc.List()
    blocks:insert(pandoc.RawBlock("typst",
      "#block(width: 100%, inset: 8pt, fill: luma(246), stroke: (left: 3pt + rgb(\"" .. TYPST_ACCENT[kind] .. "\")))["))
    if title then
      blocks:insert(pandoc.Para({ pandoc.Strong(pandoc.Str(title)) }))
    end
    blocks:extend(content)
    blocks:insert(pandoc.RawBlock("typst", "]"))
    return blocks
  end
  return nil
end

return {
  { Figure = Figure },
  { Image = Image, Div = Div },
}
