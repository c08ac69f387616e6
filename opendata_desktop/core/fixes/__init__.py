"""Safe, explainable fixes for what spreadsheets do to data (French dates and amounts, Excel-damaged
identifiers, Oui/Non…), each checked against the schema before it is proposed."""
