/**
 * The shape part of JSON Schema (OpenAPI 3.1), enough to tell whether a mock's answer has the body
 * its route declares: types, required and undeclared properties, items, enums and consts, the
 * combinators and `$ref`s into the document's components. Formats, patterns and bounds are left
 * out: the mock's answers are parsed with the shared schemas, which already check those.
 */
export type JsonSchema = {
  $ref?: string;
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  prefixItems?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  anyOf?: JsonSchema[];
  oneOf?: JsonSchema[];
  allOf?: JsonSchema[];
  nullable?: boolean;
};

export interface Components {
  schemas?: Record<string, JsonSchema>;
}

function typeOf(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function typeMatches(declared: string, actual: string): boolean {
  return declared === actual || (declared === 'number' && actual === 'integer');
}

/** Where `value` departs from `schema` (empty when it fits), as `path: what` lines. */
export function shapeErrors(
  value: unknown,
  schema: JsonSchema,
  components: Components,
  at = '$',
): string[] {
  if (schema.$ref) {
    const name = schema.$ref.replace('#/components/schemas/', '');
    const target = components.schemas?.[name];
    return target ? shapeErrors(value, target, components, at) : [`${at}: unknown ${schema.$ref}`];
  }
  if (schema.allOf) return schema.allOf.flatMap((s) => shapeErrors(value, s, components, at));
  const alternatives = schema.anyOf ?? schema.oneOf;
  if (alternatives) {
    const fits = alternatives.some((s) => shapeErrors(value, s, components, at).length === 0);
    return fits ? [] : [`${at}: matches none of ${alternatives.length} alternatives`];
  }
  if (schema.const !== undefined && value !== schema.const)
    return [`${at}: ${JSON.stringify(value)} is not ${JSON.stringify(schema.const)}`];
  if (schema.enum && !schema.enum.includes(value))
    return [`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(schema.enum)}`];
  const actual = typeOf(value);
  if (schema.type !== undefined) {
    const types = Array.isArray(schema.type) ? schema.type : [schema.type];
    if (schema.nullable) types.push('null');
    if (!types.some((t) => typeMatches(t, actual)))
      return [`${at}: a ${actual}, declared ${types.join(' or ')}`];
  }
  if (actual === 'object' && (schema.properties || schema.additionalProperties !== undefined)) {
    const record = value as Record<string, unknown>;
    const errors = (schema.required ?? [])
      .filter((key) => !(key in record))
      .map((key) => `${at}.${key}: required, missing`);
    for (const [key, item] of Object.entries(record)) {
      const declared = schema.properties?.[key];
      if (declared) errors.push(...shapeErrors(item, declared, components, `${at}.${key}`));
      else if (schema.additionalProperties === false) errors.push(`${at}.${key}: not declared`);
      else if (typeof schema.additionalProperties === 'object')
        errors.push(...shapeErrors(item, schema.additionalProperties, components, `${at}.${key}`));
    }
    return errors;
  }
  if (actual === 'array') {
    const items = value as unknown[];
    return items.flatMap((item, i) => {
      const declared = schema.prefixItems?.[i] ?? schema.items;
      return declared ? shapeErrors(item, declared, components, `${at}[${i}]`) : [];
    });
  }
  return [];
}
