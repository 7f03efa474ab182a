-- The files written for file platforms (xlsx-file, csv-file), so that whoever uploads them to the
-- platform can find and download them: which file, for which area (a street's or a community's
-- file when the definition writes one per area; null for the platform's one file), which residents
-- it holds (named in the access log when it is downloaded), and its downloads.
create table platform_file (
    id                  bigint        generated always as identity primary key,
    adapter_id          varchar(64)   not null,
    area_code           varchar(12),            -- the street or community whose file it is; null: all
    path                varchar(500)  not null, -- relative to exports/<adapter_id>/
    written_at          timestamptz   not null,
    records             integer       not null,
    resident_ids        uuid[]        not null,
    size_bytes          bigint        not null,
    downloads           integer       not null default 0,
    last_downloaded_at  timestamptz,
    last_downloaded_by  varchar(200),
    unique (adapter_id, path)
);
create index platform_file_adapter on platform_file (adapter_id, written_at desc);
