-- Merging two records of one person: the record merged away keeps its row and history, takes the
-- status MERGED and points at the record that survived; the merge itself is kept so it can be undone.

alter table resident drop constraint resident_status_known;
alter table resident add constraint resident_status_known
    check (status in ('ACTIVE', 'MOVED_OUT', 'DECEASED', 'MERGED'));
alter table resident add column merged_into uuid references resident (id);
alter table resident add constraint resident_merged_into
    check ((status = 'MERGED') = (merged_into is not null) and merged_into is distinct from id);

-- One merge: who, when, the choice per field, the versions the merge gave both records (undo is
-- safe only while they are still current), and both records as they were before it. The states
-- hold ID numbers and phones, so they are one AES-GCM ciphertext (PiiCipher, field mergeStates).
create table resident_merge (
    id                   uuid         primary key,
    survivor_id          uuid         not null references resident (id),
    merged_id            uuid         not null references resident (id),
    merged_at            timestamptz  not null,
    merged_by            varchar(64)  not null,
    choices              jsonb        not null, -- {field: SURVIVOR | MERGED}; no values
    survivor_version     integer      not null, -- the survivor's version the merge wrote
    merged_version       integer      not null, -- the merged-away record's version the merge wrote
    states_cipher        bytea        not null, -- both records before the merge, JSON, encrypted
    undone_at            timestamptz,
    undone_by            varchar(64),
    version              integer      not null,
    constraint resident_merge_two_records check (survivor_id <> merged_id),
    constraint resident_merge_undone check ((undone_at is null) = (undone_by is null))
);
create index resident_merge_survivor_idx on resident_merge (survivor_id);
-- A record is merged away at most once at a time.
create unique index resident_merge_one_open on resident_merge (merged_id) where undone_at is null;

-- The access log records merges too. The action list is extended in place (whatever other
-- actions it allows by now are kept), not written out again.
do $$
declare
    def text;
    extended text;
begin
    select pg_get_constraintdef(oid) into def from pg_constraint
     where conname = 'access_log_action_check' and conrelid = 'access_log'::regclass;
    if position('''MERGE''' in def) = 0 then
        extended := replace(def, '''DISCLOSURES''::character varying',
                                 '''DISCLOSURES''::character varying, ''MERGE''::character varying');
        if position('''MERGE''' in extended) = 0 then
            raise exception 'access_log_action_check has an unexpected form: %', def;
        end if;
        execute 'alter table access_log drop constraint access_log_action_check';
        execute 'alter table access_log add constraint access_log_action_check ' || extended;
    end if;
end
$$;
