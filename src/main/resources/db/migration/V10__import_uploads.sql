-- Uploaded ledgers live in the database while their import lasts, encrypted under the
-- personal-data key in parts of up to 1 MiB: every hub process can check or commit any import (not
-- only the one that received the file), and no upload lies on a disk in clear between its check and
-- its commit. A hub that reads an upload unpacks it into its data directory for as long as it reads.
create table import_upload_part (
    import_id  uuid     not null references import_job (id) on delete cascade,
    part       integer  not null check (part >= 0),
    data       bytea    not null,
    primary key (import_id, part)
);
-- Ciphertext does not compress: store it out of line without trying.
alter table import_upload_part alter column data set storage external;
