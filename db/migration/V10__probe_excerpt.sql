-- The start of the body of a run that was not up (whitespace collapsed, at most 300 characters, request
-- header values such as credentials blanked): what the alert quotes as the last response.
alter table probe_results add column body_excerpt text;
