-- The registry: places, people, households, party and league membership, users.
-- Flyway owns this schema; Hibernate only validates it.
-- Coded columns hold codes of the national tables served at /api/v1/code-tables; the tables
-- themselves ship as data files with the hub, so code columns carry no foreign keys.

-- 行政区划: GB/T 2260 codes to county level, statistical codes (统计用区划代码) below.
-- Code lengths by level: 1 省 2, 2 地 4, 3 县 6, 4 乡/街道 9, 5 村/社区 12.
create table division (
    code        varchar(12)  primary key,
    name        varchar(100) not null,
    level       smallint     not null check (level between 1 and 5),
    parent_code varchar(12)  references division (code),
    constraint division_code_digits check (code ~ '^[0-9]+$'),
    constraint division_code_length check (
        char_length(code) = case level when 1 then 2 when 2 then 4 when 3 then 6 when 4 then 9 else 12 end),
    constraint division_parent_level check ((level = 1) = (parent_code is null)),
    constraint division_parent_prefix check (parent_code is null or starts_with(code, parent_code))
);
create index division_parent_idx on division (parent_code);

-- Which version of the shipped reference data has been loaded (one row per data set).
create table reference_data (
    name      varchar(40)  primary key,
    checksum  varchar(64)  not null,
    rows      integer      not null,
    loaded_at timestamptz  not null
);

create table app_user (
    id            uuid         primary key,
    username      varchar(64)  not null unique,
    display_name  varchar(100),
    password_hash varchar(200) not null,
    roles         varchar(20)[] not null,
    scope         varchar(12)[] not null,
    enabled       boolean      not null,
    version       integer      not null,
    created_at    timestamptz  not null,
    created_by    varchar(64)  not null,
    updated_at    timestamptz  not null,
    updated_by    varchar(64)  not null
);

-- 户
create table household (
    id               uuid         primary key,
    household_number varchar(30)  not null, -- 户号
    type             varchar(1)   not null, -- household-type: 1 家庭户, 2 集体户
    community_code   varchar(12)  not null references division (code),
    building         varchar(20), -- 楼栋
    unit             varchar(10), -- 单元
    room             varchar(10), -- 房号
    version          integer      not null,
    created_at       timestamptz  not null,
    created_by       varchar(64)  not null,
    updated_at       timestamptz  not null,
    updated_by       varchar(64)  not null,
    constraint household_number_per_community unique (community_code, household_number)
);

-- The searchable pieces of a name: every character and every pair of adjacent characters.
-- Chinese names are two or three characters long, too short for trigram indexes; a GIN index over
-- these pieces finds any part of a name by containment, and LIKE then confirms the order.
create function hub_name_grams(name text) returns text[]
    language sql immutable strict parallel safe
as $$
    select coalesce(array_agg(distinct g), '{}')
    from (select substr(lower(name), i, 1) as g from generate_series(1, char_length(name)) as i
          union all
          select substr(lower(name), i, 2) from generate_series(1, char_length(name) - 1) as i) as pieces
    where g <> ' '
$$;

-- The pieces a search text must find among a name's pieces: its character pairs, or the single
-- character when only one is given.
create function hub_query_grams(q text) returns text[]
    language sql immutable strict parallel safe
as $$
    select case when char_length(q) <= 1 then array[lower(q)]
                else array(select distinct substr(lower(q), i, 2) from generate_series(1, char_length(q) - 1) as i)
           end
$$;

-- 居民
create table resident (
    id               uuid         primary key,
    name             varchar(100) not null,
    name_grams       text[]       generated always as (hub_name_grams(name)) stored,
    id_type          varchar(1),  -- id-type, derived from the number
    id_number_cipher bytea,       -- AES-GCM; never stored in clear
    id_number_index  bytea,       -- keyed hash (blind index) for exact look-up
    sex              varchar(1)   not null, -- GB/T 2261.1
    birth_date       date         not null,
    ethnicity        varchar(2),  -- GB/T 3304
    political_status varchar(2),  -- GB/T 4762
    education        varchar(2),  -- GB/T 4658
    marital_status   varchar(2),  -- GB/T 2261.2
    phone_cipher     bytea,
    phone_index      bytea,
    residence_type   varchar(1)   not null, -- 1 户籍, 2 流动, 3 境外
    community_code   varchar(12)  not null references division (code),
    building         varchar(20),
    unit             varchar(10),
    room             varchar(10),
    household_id     uuid         references household (id),
    relation_to_head varchar(2),  -- GB/T 4761
    tags             varchar(40)[] not null,
    status           varchar(12)  not null,
    status_date      date,
    status_reason    varchar(200),
    version          integer      not null,
    created_at       timestamptz  not null,
    created_by       varchar(64)  not null,
    updated_at       timestamptz  not null,
    updated_by       varchar(64)  not null,
    constraint resident_id_number_unique unique (id_number_index),
    constraint resident_id_number_complete check ((id_number_cipher is null) = (id_number_index is null)),
    constraint resident_phone_complete check ((phone_cipher is null) = (phone_index is null)),
    constraint resident_household_relation check ((household_id is null) = (relation_to_head is null)),
    constraint resident_status_known check (status in ('ACTIVE', 'MOVED_OUT', 'DECEASED')),
    constraint resident_status_dated check ((status = 'ACTIVE') = (status_date is null))
);
-- At most one 户主 (relation 02) per household.
create unique index resident_one_head_per_household on resident (household_id) where relation_to_head = '02';
create index resident_address_idx on resident (community_code, building, unit, room);
create index resident_name_grams_idx on resident using gin (name_grams);
create index resident_household_idx on resident (household_id);
create index resident_phone_idx on resident (phone_index);
create index resident_tags_idx on resident using gin (tags);

-- 党员
create table party_membership (
    resident_id           uuid        primary key references resident (id),
    status                varchar(12) not null check (status in ('FULL', 'PROBATIONARY')),
    joined_on             date,       -- 入党日期
    full_member_on        date,       -- 转正日期
    branch                varchar(100), -- 所在党支部
    category              varchar(1), -- party-category
    reported_to_community boolean     not null, -- 在职党员到社区报到
    lost_contact          boolean     not null, -- 失联党员
    version               integer     not null,
    created_at            timestamptz not null,
    updated_at            timestamptz not null,
    constraint party_full_member_dated check (status = 'FULL' or full_member_on is null)
);

-- 团员
create table league_membership (
    resident_id        uuid        primary key references resident (id),
    joined_on          date,         -- 入团日期
    development_number varchar(30),  -- 发展团员编号
    branch             varchar(100), -- 所在团支部
    post               varchar(50),  -- 团内职务; members holding one stay past 28
    version            integer     not null,
    created_at         timestamptz not null,
    updated_at         timestamptz not null
);

-- Every change to a resident: who, when, what, old and new values. Personal data such as ID
-- numbers and phones appears here masked only.
create table resident_history (
    id          bigint       generated always as identity primary key,
    resident_id uuid         not null references resident (id),
    changed_at  timestamptz  not null,
    changed_by  varchar(64)  not null,
    action      varchar(40)  not null,
    changes     jsonb        not null
);
create index resident_history_resident_idx on resident_history (resident_id, id);
