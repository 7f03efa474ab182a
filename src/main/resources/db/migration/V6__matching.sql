-- Duplicate detection (issue 7): the sound of each resident's name, for look-up and blocking,
-- the pairs found (at entry or by a scan) with what was decided about them, and the scans.

-- Toneless pinyin of the name (PersonName.soundKey), set by the hub wherever it sets a name; rows
-- of an older hub are filled at start-up (ResidentNameKeys), as PostgreSQL cannot compute it.
alter table resident add column name_key varchar(400);
create index resident_name_key_idx on resident (name_key, birth_date);

create table duplicate_scan (
    id                  uuid         primary key,
    scope               varchar(12)  not null,          -- the division scanned
    state               varchar(10)  not null,
    requested_by        varchar(64)  not null,
    requested_at        timestamptz  not null,
    started_at          timestamptz,
    finished_at         timestamptz,
    residents_read      integer      not null default 0,
    blocks              integer      not null default 0,
    comparisons         bigint       not null default 0,
    pairs_found         integer      not null default 0,
    pairs_new           integer      not null default 0,
    failure             varchar(200),
    constraint duplicate_scan_state_known check (state in ('QUEUED', 'RUNNING', 'DONE', 'FAILED'))
);

-- One row per pair of residents ever found probable, resident_a < resident_b. Its status is the
-- decision: a decided pair is never offered again, at entry or by a scan.
create table duplicate_pair (
    id           uuid          primary key,
    resident_a   uuid          not null references resident (id),
    resident_b   uuid          not null references resident (id),
    score        numeric(4, 3) not null,
    reasons      varchar(40)[] not null,                -- MatchReason codes, strongest first
    status       varchar(16)   not null,
    found_by     varchar(8)    not null,                -- ENTRY or SCAN
    scan_id      uuid          references duplicate_scan (id),
    community_a  varchar(12)   not null,                -- where each lived when found: the area scope of the queue
    community_b  varchar(12)   not null,
    found_at     timestamptz   not null,
    decided_by   varchar(64),
    decided_at   timestamptz,
    constraint duplicate_pair_ordered check (resident_a < resident_b),
    constraint duplicate_pair_unique unique (resident_a, resident_b),
    constraint duplicate_pair_status_known check (status in ('OPEN', 'SAME_PERSON', 'DIFFERENT_PEOPLE')),
    constraint duplicate_pair_decided check ((status = 'OPEN') = (decided_at is null)),
    constraint duplicate_pair_found_by_known check (found_by in ('ENTRY', 'SCAN'))
);
create index duplicate_pair_open_idx on duplicate_pair (found_at) where status = 'OPEN';
create index duplicate_pair_b_idx on duplicate_pair (resident_b);
