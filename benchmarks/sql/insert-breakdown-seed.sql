-- Seeds a hub database (migrations applied) like the import benchmark leaves it: residents of one
-- community with every value as the hub stores it (ciphertexts and blind indexes of the same
-- lengths, the name key, one REGISTERED history entry of the same shape each, their outbox rows),
-- and a table bench_rows of :rows more residents, precomputed, to be inserted by
-- insert-breakdown.sql. psql -v seed=1000000 -v rows=200000 -f insert-breakdown-seed.sql
\set ON_ERROR_STOP on
insert into division (code, name, level, parent_code) values
    ('11', '北京市', 1, null), ('1101', '市辖区', 2, '11'), ('110105', '朝阳区', 3, '1101'),
    ('110105001', '建外街道', 4, '110105'), ('110105001001', '永安里社区', 5, '110105001')
on conflict do nothing;

-- Row i of the generated ledger, as the benchmark's ImportBenchmark.row(i) builds it, with what the hub
-- computes from it (random bytes standing for the AES-GCM ciphertexts, a hash for the HMAC).
create or replace function bench_resident(i bigint) returns table (
    id uuid, name varchar, name_key varchar, id_type varchar, id_number_cipher bytea, id_number_index bytea,
    sex varchar, birth_date date, ethnicity varchar, political_status varchar, phone_cipher bytea,
    phone_index bytea, residence_type varchar, community_code varchar, building varchar, unit varchar,
    room varchar, tags varchar(40)[], status varchar, version int, created_at timestamptz, created_by varchar,
    updated_at timestamptz, updated_by varchar, changes jsonb)
language sql volatile as $$
    select gen_random_uuid(), n.name, n.name_key, '1',
           substr(decode(md5(random()::text) || md5(random()::text) || md5(random()::text), 'hex'), 1, 46),
           sha256(('id' || i)::bytea), case when (i % 810) % 2 = 0 then '1' else '2' end,
           date '1940-01-01' + (i / 810)::int, '01', '13', substr(decode(md5(random()::text) || md5(random()::text) || md5(random()::text), 'hex'), 1, 39),
           sha256(('ph' || (i % 100000000))::bytea), '1', '110105001001', (1 + i % 30) || '号楼', (1 + i % 4)::text,
           (101 + i % 20)::text, '{}'::varchar(40)[], 'ACTIVE', 0, now(), 'bench-worker', now(), 'bench-worker',
           jsonb_build_array(
               jsonb_build_object('field', 'name', 'old', null, 'new', n.name),
               jsonb_build_object('field', 'idNumber', 'old', null, 'new', '110105********' || lpad((i % 10000)::text, 4, '0')),
               jsonb_build_object('field', 'idType', 'old', null, 'new', '1'),
               jsonb_build_object('field', 'sex', 'old', null, 'new', '1'),
               jsonb_build_object('field', 'birthDate', 'old', null, 'new', (date '1940-01-01' + (i / 810)::int)::text),
               jsonb_build_object('field', 'ethnicity', 'old', null, 'new', '01'),
               jsonb_build_object('field', 'politicalStatus', 'old', null, 'new', '13'),
               jsonb_build_object('field', 'phone', 'old', null, 'new', '139****' || lpad((i % 10000)::text, 4, '0')),
               jsonb_build_object('field', 'residenceType', 'old', null, 'new', '1'),
               jsonb_build_object('field', 'communityCode', 'old', null, 'new', '110105001001'),
               jsonb_build_object('field', 'building', 'old', null, 'new', (1 + i % 30) || '号楼'),
               jsonb_build_object('field', 'unit', 'old', null, 'new', (1 + i % 4)::text),
               jsonb_build_object('field', 'room', 'old', null, 'new', (101 + i % 20)::text))
    from (select (array['王','李','张','刘','陈','杨','赵','黄','周','吴'])[1 + i % 10]
                 || (array['伟','芳','娜','敏','静','强','磊','洋','艳','勇','军','杰'])[1 + (i / 10) % 12]
                 || (array['伟','芳','娜','敏','静','强','磊','洋','艳','勇','军','杰'])[1 + (i / 120) % 12] as name,
                 (array['wang','li','zhang','liu','chen','yang','zhao','huang','zhou','wu'])[1 + i % 10] || ' '
                 || (array['wei','fang','na','min','jing','qiang','lei','yang','yan','yong','jun','jie'])[1 + (i / 10) % 12] || ' '
                 || (array['wei','fang','na','min','jing','qiang','lei','yang','yan','yong','jun','jie'])[1 + (i / 120) % 12]
                 as name_key) as n
$$;

-- The residents already registered (the benchmark's floor runs after two imports: 2,000,000).
create temp table seed as select * from generate_series(1, :seed) as g(i), lateral bench_resident(g.i);
insert into resident (id, name, name_key, id_type, id_number_cipher, id_number_index, sex, birth_date, ethnicity,
                      political_status, phone_cipher, phone_index, residence_type, community_code, building, unit,
                      room, tags, status, version, created_at, created_by, updated_at, updated_by)
select id, name, name_key, id_type, id_number_cipher, id_number_index, sex, birth_date, ethnicity, political_status,
       phone_cipher, phone_index, residence_type, community_code, building, unit, room, tags, status, version,
       created_at, created_by, updated_at, updated_by from seed order by id;
insert into resident_history (resident_id, changed_at, changed_by, action, changes)
select id, created_at, created_by, 'REGISTERED', changes from seed;
drop table seed;

-- The rows to insert, every value computed (ID numbers and phones not yet registered).
drop table if exists bench_rows;
create table bench_rows as select * from generate_series(:seed + 1, :seed + :rows) as g(i), lateral bench_resident(g.i);
vacuum analyze;
checkpoint;
