-- The other way round from insert-breakdown.sql (whose function bench_insert it uses): the bare
-- tables (resident with its primary key only, history with its primary key only), then each index,
-- constraint or trigger alone added back. On a busy machine the cost of one piece stands out
-- better against the bare insert than against the whole.  psql -f insert-breakdown-added.sql
\set ON_ERROR_STOP on
create or replace function bench_bare_but(kept text) returns text language sql as $$
    select string_agg(stmt, '; ') from (values
        ('name_grams', 'alter table resident drop column name_grams'),
        ('tags', 'drop index resident_tags_idx'),
        ('address', 'drop index resident_address_idx'),
        ('phone', 'drop index resident_phone_idx'),
        ('household', 'drop index resident_household_idx'),
        ('one_head', 'drop index resident_one_head_per_household'),
        ('name_key', 'drop index resident_name_key_idx'),
        ('id_number', 'alter table resident drop constraint resident_id_number_unique'),
        ('fk_division', 'alter table resident drop constraint resident_community_code_fkey'),
        ('fk_household', 'alter table resident drop constraint resident_household_id_fkey'),
        ('fk_merged', 'alter table resident drop constraint resident_merged_into_fkey'),
        ('outbox', 'drop trigger resident_inserted_outbox on resident'),
        ('history_fk', 'alter table resident_history drop constraint resident_history_resident_id_fkey'),
        ('history_idx', 'drop index resident_history_resident_idx')) as v(piece, stmt)
    where piece <> kept
$$;
\pset tuples_only on
\pset format unaligned
select bench_insert('bare', bench_bare_but('')); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('bare + name_grams column (generated) and its GIN index', bench_bare_but('name_grams')); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('bare + name_grams column, GIN index dropped', bench_bare_but('name_grams') || '; drop index resident_name_grams_idx'); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('bare + GIN tags index', bench_bare_but('tags')); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('bare + address index', bench_bare_but('address')); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('bare + phone blind-index index', bench_bare_but('phone')); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('bare + household index', bench_bare_but('household')); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('bare + one head per household (partial unique)', bench_bare_but('one_head')); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('bare + name_key index', bench_bare_but('name_key')); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('bare + unique ID-number blind index', bench_bare_but('id_number')); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('bare + FK to division', bench_bare_but('fk_division')); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('bare + FK to household (null here)', bench_bare_but('fk_household')); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('bare + outbox statement trigger', bench_bare_but('outbox')); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('bare + history FK to resident', bench_bare_but('history_fk')); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('bare + history (resident_id, id) index', bench_bare_but('history_idx')); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('bare, again', bench_bare_but('')); vacuum resident, resident_history, change_outbox; checkpoint;
select bench_insert('everything, again', ''); vacuum resident, resident_history, change_outbox; checkpoint;
