-- Collections (摸排/填报): a form a street or district wants filled for residents of some of its
-- communities. The hub keeps the form as it was uploaded (encrypted under the personal-data key,
-- as base64 text so that a key rotation re-encrypts it like any other value: a form may carry an
-- example row), where its header row is, and which field of the registry fills each column.
create table collection (
    id           uuid          primary key,
    title        varchar(200)  not null,
    -- The residents the form is for, in the collection's selection syntax (docs/collections.md).
    selection    varchar(500)  not null,
    due_date     date          not null,
    file_name    varchar(255)  not null,
    format       varchar(8)    not null check (format in ('CSV', 'XLSX')),
    -- The workbook's sheet the form is on (null for a CSV), and the header row (1-based).
    sheet        varchar(100),
    header_row   integer       not null check (header_row >= 1),
    form_cipher  bytea         not null,
    created_by   varchar(64)   not null,
    created_at   timestamptz   not null,
    updated_at   timestamptz   not null,
    version      integer       not null default 1
);

-- The communities a collection is for, and how far each has come.
create table collection_community (
    collection_id     uuid         not null references collection (id) on delete cascade,
    community_code    varchar(12)  not null,
    forms_downloaded  integer      not null default 0,
    last_download_at  timestamptz,
    primary key (collection_id, community_code)
);
create index collection_community_code on collection_community (community_code);

-- Each column of the form: its header as written, and the registry field that fills it (a field
-- of the resident field catalogue), or null when the community fills it in (to fill).
create table collection_column (
    collection_id  uuid          not null references collection (id) on delete cascade,
    column_no      integer       not null check (column_no >= 1),
    header         varchar(500)  not null,
    field          varchar(64),
    primary key (collection_id, column_no)
);

-- A community's filled form sent back: who, when, and what was in it (counts only).
create table collection_return (
    id              uuid          primary key,
    collection_id   uuid          not null references collection (id) on delete cascade,
    community_code  varchar(12)   not null,
    file_name       varchar(255)  not null,
    returned_by     varchar(64)   not null,
    returned_at     timestamptz   not null,
    rows_read       integer       not null,
    rows_answered   integer       not null,
    rows_not_matched integer      not null,
    updates_proposed integer      not null
);
create index collection_return_of on collection_return (collection_id, community_code);

-- The answers of a resident's row to the columns to fill, as last returned: a JSON object of column
-- number to text, encrypted (answers may hold personal data: 走访情况, 需求). The row's other values
-- are the registry's; a changed one is only ever proposed, never applied from here.
create table collection_answer (
    collection_id   uuid          not null references collection (id) on delete cascade,
    resident_id     uuid          not null,
    community_code  varchar(12)   not null,
    answers_cipher  bytea         not null,
    returned_at     timestamptz   not null,
    primary key (collection_id, resident_id)
);
