-- Flapping now folds with the monitor's (or provider's) availability incident instead of keeping a key
-- of its own. An open flapping incident takes over the availability key when that key has no open
-- incident; where both are open, the availability incident carries on and the flapping one is closed.
update incidents f set state = 'resolved', resolved_at = now(), resolved_by = 'merged'
where f.state <> 'resolved' and f.dedup_key like '%:flapping'
  and exists (select 1 from incidents a where a.account_id = f.account_id and a.state <> 'resolved'
              and a.dedup_key = left(f.dedup_key, length(f.dedup_key) - length('flapping')) || 'availability');
update incidents set dedup_key = left(dedup_key, length(dedup_key) - length('flapping')) || 'availability'
where state <> 'resolved' and dedup_key like '%:flapping';
