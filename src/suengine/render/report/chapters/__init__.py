"""The report's chapters, each a function of the `ReportContext` returning Markdown."""
