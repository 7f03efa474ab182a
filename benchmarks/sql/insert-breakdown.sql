-- Where PostgreSQL's time goes when it inserts residents: the rows of bench_rows (made by
-- insert-breakdown-seed.sql) inserted into resident and resident_history as the hub's batch
-- registration does it (one statement each), once with the schema as it is and once with each
-- index, trigger, constraint or table left out in turn. Each variant runs in a subtransaction that is
-- rolled back (the schema change with it); the tables are vacuumed and a checkpoint taken between.
-- psql -f insert-breakdown.sql   (prints one line per variant: resident s, history s, total s)
\set ON_ERROR_STOP on
create or replace function bench_insert(label text, setup text, with_history boolean default true)
returns text language plpgsql as $$
declare
    t0 timestamptz;
    t1 timestamptz;
    t2 timestamptz;
    result text;
begin
    begin
        if setup <> '' then
            execute setup;
        end if;
        t0 := clock_timestamp();
        insert into resident (id, name, name_key, id_type, id_number_cipher, id_number_index, sex, birth_date,
                              ethnicity, political_status, phone_cipher, phone_index, residence_type, community_code,
                              building, unit, room, tags, status, version, created_at, created_by, updated_at, updated_by)
        select id, name, name_key, id_type, id_number_cipher, id_number_index, sex, birth_date, ethnicity,
               political_status, phone_cipher, phone_index, residence_type, community_code, building, unit, room, tags,
               status, version, created_at, created_by, updated_at, updated_by
        from bench_rows order by i;
        t1 := clock_timestamp();
        if with_history then
            insert into resident_history (resident_id, changed_at, changed_by, action, changes)
            select id, created_at, created_by, 'REGISTERED', changes from bench_rows order by i;
        end if;
        t2 := clock_timestamp();
        result := format('%s | %s | %s | %s', rpad(label, 66), to_char(extract(epoch from t1 - t0), '990.0'),
                         to_char(extract(epoch from t2 - t1), '990.0'), to_char(extract(epoch from t2 - t0), '990.0'));
        raise exception using errcode = 'P0001', message = 'bench rollback';
    exception when sqlstate 'P0001' then
        -- rolled back: rows and schema change
    end;
    return result;
end
$$;
-- The hub's ids are time-ordered (UUID version 7): new rows go to the right edge of the primary key.
update bench_rows set id = (lpad(to_hex(1800000000000 + i), 12, '0') || '7' || substr(md5(i::text), 1, 19))::uuid;
vacuum analyze bench_rows;

\pset tuples_only on
\pset format unaligned
select bench_insert('everything (as the benchmark''s floor)', ''); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('everything, again', ''); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('without GIN name_grams index', 'drop index resident_name_grams_idx'); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('without name_grams column (no hub_name_grams call, no GIN)', 'alter table resident drop column name_grams'); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('GIN name_grams with gin_pending_list_limit 64MB', 'set local gin_pending_list_limit = ''64MB'''); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('GIN name_grams with fastupdate off', 'alter index resident_name_grams_idx set (fastupdate = off)'); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('without GIN tags index', 'drop index resident_tags_idx'); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('without address index', 'drop index resident_address_idx'); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('without phone index', 'drop index resident_phone_idx'); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('without household index', 'drop index resident_household_idx'); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('without one-head-per-household (partial unique)', 'drop index resident_one_head_per_household'); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('without name_key index', 'drop index resident_name_key_idx'); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('without unique ID-number blind index', 'alter table resident drop constraint resident_id_number_unique'); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('without FK to division', 'alter table resident drop constraint resident_community_code_fkey'); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('without FKs to household and merged_into (null here)', 'alter table resident drop constraint resident_household_id_fkey; alter table resident drop constraint resident_merged_into_fkey'); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('without the outbox statement trigger', 'drop trigger resident_inserted_outbox on resident'); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('history: without its FK to resident', 'alter table resident_history drop constraint resident_history_resident_id_fkey'); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('history: without its (resident_id, id) index', 'drop index resident_history_resident_idx'); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('without history at all', '', false); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('bare: resident with primary key only, history with primary key only',
    'drop index resident_name_grams_idx; drop index resident_tags_idx; drop index resident_address_idx;'
    ' drop index resident_phone_idx; drop index resident_household_idx; drop index resident_one_head_per_household;'
    ' drop index resident_name_key_idx; alter table resident drop constraint resident_id_number_unique;'
    ' alter table resident drop constraint resident_community_code_fkey; alter table resident drop constraint resident_household_id_fkey;'
    ' alter table resident drop constraint resident_merged_into_fkey; drop trigger resident_inserted_outbox on resident;'
    ' alter table resident drop column name_grams;'
    ' alter table resident_history drop constraint resident_history_resident_id_fkey; drop index resident_history_resident_idx'); vacuum resident, resident_history, change_outbox; checkpoint;
