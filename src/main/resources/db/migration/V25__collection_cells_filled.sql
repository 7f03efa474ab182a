-- What a collection saved a community from typing: the cells the hub filled in its form (values
-- of the prefilled columns, not the row numbers), counted as its latest download was written, and
-- when the community first downloaded it (the month the home page counts them in).
alter table collection_community
    add column cells_filled     integer     not null default 0 check (cells_filled >= 0),
    add column first_filled_at  timestamptz;
create index collection_community_first_filled on collection_community (first_filled_at)
    where first_filled_at is not null;
