-- Usage older than the minute retention (30 days by default) lives on as hourly rows for a year.
create table usage_hours (like usage_minutes including all);
alter table usage_hours rename column minute to hour;
