-- One line: epoch inserted updated deleted commits, for this database since the server started.
\pset format unaligned
\pset tuples_only on
\pset fieldsep ' '
select extract(epoch from clock_timestamp()), tup_inserted, tup_updated, tup_deleted, xact_commit
from pg_stat_database where datname = current_database();
