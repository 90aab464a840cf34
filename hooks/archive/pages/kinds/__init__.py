"""One module per kind of profile, each with `page(writer, entity)`: that profile's own page as
Markdown. They build on the writer (writer.py) and the text helpers (text.py) and import neither
one another nor the listings; profiles.py registers them in one table."""
