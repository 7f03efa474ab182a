// Validates rendered Kubernetes manifests (multi-document YAML files, as `kubectl kustomize`
// prints them) before they reach a cluster:
//   node validate.mjs FILE...
// Every document is checked
//   - against the Kubernetes OpenAPI schema of its kind (types, required fields, formats), with the
//     validators of the npm package kubernetes-models (and @kubernetes-models/prometheus-operator
//     for the monitoring kinds);
//   - for fields its kind does not have (a misspelt `readOnlyRootFileSystem` is silently dropped by
//     the API server's client-side defaults and by the schema check above), with the field lists of
//     the models in @kubernetes/client-node;
//   - CloudNativePG's Cluster and ScheduledBackup against the schemas in schemas/ (see there).
// Prints one line per problem, "file: Kind/name: /json/path: message", and exits 1 if there is
// any; prints a summary line and exits 0 otherwise.
import { readFileSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseAllDocuments } from "yaml";
import Ajv from "ajv";
import * as clientModels from "@kubernetes/client-node/dist/gen/models/all.js";

const here = dirname(fileURLToPath(import.meta.url));

// Kinds with our own JSON schema (the operator's CRDs, which have no npm models).
const ajv = new Ajv({ allErrors: true, strict: true });
ajv.addSchema(JSON.parse(readFileSync(join(here, "schemas", "metadata.json"), "utf8")));
const ownSchemas = new Map();
for (const kind of ["Cluster", "ScheduledBackup"]) {
  const schema = JSON.parse(readFileSync(join(here, "schemas", `postgresql.cnpg.io_v1_${kind}.json`), "utf8"));
  ownSchemas.set(`postgresql.cnpg.io/v1/${kind}`, ajv.compile(schema));
}

// Kubernetes' own kinds: kubernetes-models/<group>/<version>; the monitoring kinds from the
// prometheus-operator models.
function modelModule(apiVersion) {
  if (apiVersion.startsWith("monitoring.coreos.com/")) {
    return `@kubernetes-models/prometheus-operator/${apiVersion}`;
  }
  return `kubernetes-models/${apiVersion}`;
}

async function kubernetesModel(apiVersion, kind) {
  try {
    const module = await import(modelModule(apiVersion));
    return module[kind];
  } catch (e) {
    if (e.code === "ERR_MODULE_NOT_FOUND" || e.code === "ERR_PACKAGE_PATH_NOT_EXPORTED") {
      return undefined;
    }
    throw e;
  }
}

// The field lists of @kubernetes/client-node: V1Deployment, V2HorizontalPodAutoscaler, ...
function clientModelName(apiVersion, kind) {
  const version = apiVersion.split("/").pop();
  return version.charAt(0).toUpperCase() + version.slice(1) + kind;
}

function unknownFields(value, type, path, problems) {
  if (value === null || value === undefined) return;
  const array = /^Array<(.+)>$/.exec(type);
  if (array) {
    if (Array.isArray(value)) value.forEach((item, i) => unknownFields(item, array[1], `${path}/${i}`, problems));
    return;
  }
  const map = /^\{ \[key: string\]: (.+); \}$/.exec(type);
  if (map) {
    if (typeof value === "object") {
      for (const [key, item] of Object.entries(value)) unknownFields(item, map[1], `${path}/${key}`, problems);
    }
    return;
  }
  const model = clientModels[type];
  if (!model || typeof model.getAttributeTypeMap !== "function") return; // a primitive, IntOrString, any
  if (typeof value !== "object" || Array.isArray(value)) return; // the schema check reports the wrong type
  const attributes = new Map(model.getAttributeTypeMap().map((a) => [a.baseName, a.type]));
  for (const [key, item] of Object.entries(value)) {
    if (!attributes.has(key)) {
      problems.push({ path: `${path}/${key}`, message: `unknown field "${key}" (${type} has no such field)` });
    } else {
      unknownFields(item, attributes.get(key), `${path}/${key}`, problems);
    }
  }
}

function schemaErrors(errors) {
  return (errors || []).map((e) => ({
    path: e.instancePath || "/",
    message: e.message + (e.params && e.params.allowedValues ? ` (${e.params.allowedValues.join(", ")})` : "")
      + (e.params && e.params.additionalProperty ? `: "${e.params.additionalProperty}"` : ""),
  }));
}

async function validateDocument(doc) {
  if (!doc || typeof doc !== "object" || Array.isArray(doc)) {
    return [{ path: "/", message: "not a Kubernetes object" }];
  }
  const { apiVersion, kind } = doc;
  if (typeof apiVersion !== "string" || typeof kind !== "string") {
    return [{ path: "/", message: "apiVersion and kind must be strings" }];
  }
  const own = ownSchemas.get(`${apiVersion}/${kind}`);
  if (own) {
    return own(doc) ? [] : schemaErrors(own.errors);
  }
  const Model = await kubernetesModel(apiVersion, kind);
  if (!Model) {
    return [{ path: "/", message: `no schema for ${apiVersion} ${kind}: add one before using the kind` }];
  }
  const problems = [];
  try {
    new Model(doc).validate();
  } catch (e) {
    if (!Array.isArray(e.errors)) throw e;
    problems.push(...schemaErrors(e.errors));
  }
  const clientType = clientModelName(apiVersion, kind);
  if (clientModels[clientType]) {
    unknownFields(doc, clientType, "", problems);
  } else if (!apiVersion.startsWith("monitoring.coreos.com/")) {
    problems.push({ path: "/", message: `no field list for ${apiVersion} ${kind} to check for unknown fields` });
  }
  return problems;
}

const files = process.argv.slice(2);
if (files.length === 0) {
  console.error("usage: node validate.mjs FILE...");
  process.exit(2);
}
let documents = 0;
let failed = 0;
for (const file of files) {
  const parsed = parseAllDocuments(readFileSync(file, "utf8"));
  for (const yamlDoc of parsed) {
    if (yamlDoc.errors.length > 0) {
      yamlDoc.errors.forEach((e) => console.log(`${file}: YAML: ${e.message}`));
      failed++;
      continue;
    }
    const doc = yamlDoc.toJS();
    if (doc === null) continue; // an empty document (a trailing ---)
    documents++;
    const name = `${doc.kind}/${doc.metadata && doc.metadata.name}`;
    const problems = await validateDocument(doc);
    for (const p of problems) console.log(`${basename(file)}: ${name}: ${p.path}: ${p.message}`);
    if (problems.length > 0) failed++;
  }
}
if (failed > 0) {
  console.log(`${failed} of ${documents} documents invalid`);
  process.exit(1);
}
console.log(`${documents} documents valid`);
