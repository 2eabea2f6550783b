"""Dated notes on a case, a hearing or a survivor (issue 25 item 5)."""
