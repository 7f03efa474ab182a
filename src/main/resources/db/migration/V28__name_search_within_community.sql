-- A search by name inside a community: one GIN index over the community's code and the name's
-- pieces, so that PostgreSQL intersects the community's rows with the rows holding the pieces in
-- the index. With the pieces alone (the index this replaces) a search for one of the commonest
-- names read its couple of hundred namesakes across the whole district, row by row, before the
-- community was applied. A GIN index holds a plain column through btree_gin, a trusted extension
-- (PostgreSQL 13+) which the database's owner may create. The index still serves a search by name
-- with no community (any subset of a GIN index's columns is searched as well as all of them).
--
-- Where the extension cannot be created (the migrating role may not, or the server lacks the
-- contrib modules) nothing here changes and the search works as before, reading the namesakes.
do $$
begin
    if not exists (select 1 from pg_extension where extname = 'btree_gin') then
        create extension btree_gin;
    end if;
    create index resident_community_name_grams_idx on resident using gin (community_code, name_grams);
    drop index if exists resident_name_grams_idx;
exception
    when insufficient_privilege or undefined_file or feature_not_supported then
        raise warning 'btree_gin not available (%): searches by name keep the index over name pieces alone', sqlerrm;
end
$$;
