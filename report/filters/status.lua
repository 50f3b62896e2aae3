--[[
status.lua: status in colour, in every format, with symbol and text kept (colour is never the only signal).

A span `[● Grön]{.status .status-gron}` gets the status fill of the site and the workbook
(suengine.render.format.STATUS_FILL) behind near-black text, which passes WCAG AA (contrast > 12:1):
  * typst: a filled box;  * DOCX: a shaded run;  * HTML: the classes, styled by templates/rapport.html.
Used on both paths: pandoc (--lua-filter) and Quarto (`filters:` in _quarto.yml).
]]

local FILL = {
  ["status-gron"] = "C6EFCE",
  ["status-gul"] = "FFEB9C",
  ["status-rod"] = "FFC7CE",
  ["status-ingen"] = "F2F2F2",
}
local TEXT = "1A1A1A"

local function fill_of(span)
  for _, class in ipairs(span.classes) do
    if FILL[class] then
      return FILL[class]
    end
  end
  return nil
end

local function xml_escape(text)
  return (text:gsub("&", "&amp;"):gsub("<", "&lt;"):gsub(">", "&gt;"))
end

function Span(span)
  local fill = fill_of(span)
  if fill == nil then
    return nil
  end
  local text = pandoc.utils.stringify(span.content)
  if FORMAT:match("typst") then
    local escaped = text:gsub("\\", "\\\\"):gsub("\"", "\\\"")
    return pandoc.RawInline("typst", '#box(fill: rgb("#' .. fill .. '"), inset: (x: 3pt, y: 2pt), outset: (y: 1pt), radius: 2pt, '
      .. 'text(fill: rgb("#' .. TEXT .. '"), "' .. escaped .. '"))')
  elseif FORMAT:match("docx") then
    return pandoc.RawInline("openxml", '<w:r><w:rPr><w:color w:val="' .. TEXT .. '"/><w:shd w:val="clear" w:color="auto" w:fill="'
      .. fill .. '"/></w:rPr><w:t xml:space="preserve"> ' .. xml_escape(text) .. ' </w:t></w:r>')
  end
  return nil
end
