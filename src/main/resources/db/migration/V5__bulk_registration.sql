-- Set-based registration (spreadsheet imports register thousands of residents a statement).

-- The outbox row of a new resident is written once per statement from its transition table, not by
-- a trigger call per row: a statement that inserts 5,000 residents makes one insert into the outbox.
-- Updates keep the row trigger (a transition table cannot be limited to changes of the version).
drop trigger resident_change_outbox on resident;

create trigger resident_change_outbox
    after update of version on resident
    for each row execute function hub_outbox_resident_change();

create function hub_outbox_residents_inserted() returns trigger
    language plpgsql
as $$
begin
    insert into change_outbox (resident_id, resident_version)
    select id, version from inserted_residents;
    return null;
end
$$;

create trigger resident_inserted_outbox
    after insert on resident
    referencing new table as inserted_residents
    for each statement execute function hub_outbox_residents_inserted();

-- The same pieces of a name as before (every character and pair of adjacent characters but a lone
-- space), computed by a loop instead of a set query: a SQL function with an aggregate is planned on
-- every call, and it cost about a quarter of a resident's insert. Only the set of pieces matters to
-- the index (containment), not their order, so the values already stored stay valid.
create or replace function hub_name_grams(name text) returns text[]
    language plpgsql immutable strict parallel safe
as $$
declare
    l      text := lower(name);
    n      int  := char_length(l);
    pieces text[] := '{}';
    piece  text;
begin
    for i in 1 .. n loop
        piece := substr(l, i, 1);
        if piece <> ' ' and not piece = any (pieces) then
            pieces := pieces || piece;
        end if;
    end loop;
    for i in 1 .. n - 1 loop
        piece := substr(l, i, 2);
        if not piece = any (pieces) then
            pieces := pieces || piece;
        end if;
    end loop;
    return pieces;
end
$$;

-- The last row of the file a valid-rows commit has written, in the transaction that wrote it: a
-- commit taken up again after its hub process stopped goes on after this row, rather than offering
-- the rows already written again (they would be refused as registered).
alter table import_job add column committed_through_row bigint not null default 0;
