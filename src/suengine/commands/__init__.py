"""The command-line commands, one module each; `suengine.cli` imports only the one it runs."""
