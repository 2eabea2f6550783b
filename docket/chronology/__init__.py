"""The case chronology (issue 25 item 4): what happened in a case, in date order, for a motion."""
