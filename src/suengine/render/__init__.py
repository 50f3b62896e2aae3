"""Rendering: the nämnd report (Quarto/pandoc/typst), the MkDocs site and the Excel workbook, from the published results only."""
