"""Building blocks shared by the pages: header and navigation, global filters, tables, cards, charts."""
