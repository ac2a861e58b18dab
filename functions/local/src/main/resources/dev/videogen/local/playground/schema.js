// Checks a request against the JSON Schema of the served OpenAPI document (the keywords it uses), reporting each
// problem with the field path the API itself uses in its 400 answers: elements[1].width.

function typeOf(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function fieldName(path) {
  return path.reduce((out, part) => (typeof part === 'number' ? `${out}[${part}]` : out ? `${out}.${part}` : part), '')
    || 'body';
}

export class SchemaCheck {
  constructor(document) {
    this.document = document;
  }

  resolve(schema) {
    while (schema && schema.$ref) {
      schema = schema.$ref.replace(/^#\//, '').split('/')
        .reduce((node, key) => node[key.replace(/~1/g, '/').replace(/~0/g, '~')], this.document);
    }
    return schema;
  }

  /** Every problem of value against schema, as {field, message}. */
  problems(schema, value, path = []) {
    schema = this.resolve(schema);
    const out = [];
    const add = (message, at = path) => out.push({ field: fieldName(at), message });
    if (!schema || schema === true) return out;
    if (schema.type) {
      const types = [].concat(schema.type), actual = typeOf(value);
      if (!types.includes(actual) && !(actual === 'integer' && types.includes('number'))) {
        add(`must be ${types.join(' or ')}`);
        return out;
      }
    }
    if ('const' in schema && JSON.stringify(schema.const) !== JSON.stringify(value)) add(`must be ${JSON.stringify(schema.const)}`);
    if (schema.enum && !schema.enum.some((e) => JSON.stringify(e) === JSON.stringify(value))) {
      add(`must be one of ${schema.enum.map((e) => JSON.stringify(e)).join(', ')}`);
    }
    if (typeof value === 'number') {
      if (schema.minimum !== undefined && value < schema.minimum) add(`must be at least ${schema.minimum}`);
      if (schema.maximum !== undefined && value > schema.maximum) add(`must be at most ${schema.maximum}`);
      if (schema.exclusiveMinimum !== undefined && value <= schema.exclusiveMinimum) add(`must be more than ${schema.exclusiveMinimum}`);
    }
    if (typeof value === 'string') {
      if (schema.maxLength !== undefined && [...value].length > schema.maxLength) add(`must have at most ${schema.maxLength} characters`);
      if (schema.minLength !== undefined && [...value].length < schema.minLength) add(`must have at least ${schema.minLength} characters`);
      if (schema.pattern && !new RegExp(schema.pattern, 'u').test(value)) add(`must match ${schema.pattern}`);
    }
    if (Array.isArray(value)) {
      if (schema.minItems !== undefined && value.length < schema.minItems) add(`must have at least ${schema.minItems} items`);
      if (schema.maxItems !== undefined && value.length > schema.maxItems) add(`must have at most ${schema.maxItems} items`);
      if (schema.items) value.forEach((item, i) => out.push(...this.problems(schema.items, item, [...path, i])));
    }
    if (value && typeOf(value) === 'object') {
      for (const name of schema.required || []) if (!(name in value)) add('is required', [...path, name]);
      const properties = schema.properties || {};
      for (const [name, item] of Object.entries(value)) {
        if (name in properties) out.push(...this.problems(properties[name], item, [...path, name]));
        else if (schema.additionalProperties === false) add('is not a field the API knows', [...path, name]);
        else if (typeof schema.additionalProperties === 'object') out.push(...this.problems(schema.additionalProperties, item, [...path, name]));
      }
    }
    if (schema.not && this.problems(schema.not, value, path).length === 0) add('is not allowed here');
    for (const part of schema.allOf || []) out.push(...this.problems(part, value, path));
    if (schema.oneOf || schema.anyOf) {
      const branches = (schema.oneOf || schema.anyOf).map((branch) => this.problems(branch, value, path));
      const passing = branches.filter((b) => b.length === 0).length;
      if (passing === 0) {
        // the branch the value means (all its required fields present) says what to fix, else the closest one
        const options = (schema.oneOf || schema.anyOf).map((branch, i) => {
          const required = this.resolve(branch)?.required || [];
          const meant = value && typeOf(value) === 'object' && required.length > 0 && required.every((r) => r in value);
          return { problems: branches[i], meant };
        });
        const meant = options.filter((o) => o.meant);
        const pool = meant.length > 0 ? meant : options;
        out.push(...pool.reduce((best, o) => (o.problems.length < best.problems.length ? o : best)).problems);
      } else if (schema.oneOf && passing > 1) {
        add('matches more than one form');
      }
    }
    return out;
  }

  /** The problems of a videocreate body against the document's request schema. */
  requestProblems(body) {
    const schema = this.document.paths['/v1/videocreate'].post.requestBody.content['application/json'].schema;
    return this.problems(schema, body);
  }
}
