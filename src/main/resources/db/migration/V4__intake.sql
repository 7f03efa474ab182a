-- Spreadsheet import (台账导入): an uploaded file, the job that reads and checks it, what it found
-- row by row, and the column mappings workers corrected, remembered per set of headers.

-- One upload. The file itself lies in the data directory (imports/<id>); this row is the job's
-- state, so a job survives the browser closing and is taken up again after a restart.
create table import_job (
    id              uuid         primary key,
    created_by      varchar(64)  not null,
    -- The uploader's roles: the background job acts for them, with their rules and area.
    created_roles   varchar(20)[] not null,
    created_at      timestamptz  not null,
    -- The uploader's area scope when uploading: supervisors whose area covers all of it see the import.
    area_codes      varchar(12)[] not null,
    file_name       varchar(255) not null,
    file_size       bigint       not null,
    format          varchar(8)   not null check (format in ('CSV', 'XLSX')),
    encoding        varchar(16),
    state           varchar(12)  not null
                    check (state in ('PARSING', 'READY', 'COMMITTING', 'COMMITTED', 'CANCELLED', 'FAILED')),
    -- Which hub process works on the job and until when (renewed while it works): another process
    -- takes over a job whose lease ran out.
    worker          varchar(80),
    lease_until     timestamptz,
    cancel_requested boolean     not null default false,
    header_row      integer,
    headers         jsonb,
    mapping         jsonb,
    community_code  varchar(12),
    rows_read       bigint       not null default 0,
    rows_valid      bigint       not null default 0,
    rows_invalid    bigint       not null default 0,
    rows_update     bigint       not null default 0,
    bytes_read      bigint       not null default 0,
    phase_started_at timestamptz,
    finished_at     timestamptz,
    commit_mode     varchar(16)  check (commit_mode in ('VALID_ROWS', 'ALL_OR_NOTHING')),
    -- Whether rows of residents already registered update them (otherwise they are left as they are).
    apply_updates   boolean      not null default false,
    rows_committed  bigint       not null default 0,
    -- The upload was deleted from the data directory (after the import ended and its days were up).
    upload_deleted  boolean      not null default false,
    error_code      varchar(60),
    error_detail    varchar(500),
    version         integer      not null default 0
);
create index import_job_created_by on import_job (created_by, created_at desc);
create index import_job_open on import_job (state) where state in ('PARSING', 'COMMITTING');

-- What the check found, cell by cell (row_no is the row's line in the sheet, 1-based, as the
-- worker sees it in the spreadsheet). Messages are Chinese and never quote a cell's value;
-- changes (for a row that would update a resident) hold old and new values, identifiers masked.
create table import_finding (
    import_id   uuid        not null references import_job (id) on delete cascade,
    seq         bigint      not null,
    row_no      bigint      not null,
    column_no   integer,
    column_name varchar(100),
    field       varchar(60),
    code        varchar(60) not null,
    message     varchar(500) not null,
    severity    varchar(8)  not null check (severity in ('ERROR', 'WARNING')),
    resident_id uuid,
    changes     jsonb,
    primary key (import_id, seq)
);
create index import_finding_row on import_finding (import_id, row_no);

-- Mappings workers confirmed: for a set of headers (its key is a hash of the normalised headers,
-- in order), which column goes to which field. The next file with the same headers starts from it.
create table import_mapping_memory (
    header_key  varchar(64)  primary key,
    mapping     jsonb        not null,
    saved_by    varchar(64)  not null,
    saved_at    timestamptz  not null
);
