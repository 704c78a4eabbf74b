/**
 * The names a cell reads: every identifier of its (type-stripped) program used as a value, inside
 * functions and classes too, minus the names the cell declares at top level itself and the names
 * local where they are used (a function's parameters and its own declarations, a block's, a loop's,
 * a caught error). Binding positions are not reads; defaults and computed keys inside them are.
 * Where scoping is not followed exactly it errs towards reading more: a `var` counts as local only
 * in the block that declares it. The list may hold more than the cell needs, never less, so a
 * dependency graph built on it (./graph) re-runs too much rather than too little.
 */
import type { Node } from 'acorn';

type AnyNode = Node & Record<string, any>;
/** The names bound where a node stands, inside the cell (not its top-level names: those are the cell's own). */
type Locals = ReadonlySet<string>;

/** The names a binding pattern binds. */
function boundNames(node: AnyNode | null, into: string[] = []): string[] {
  if (!node) return into;
  switch (node.type) {
    case 'Identifier':
      into.push(node.name);
      break;
    case 'ObjectPattern':
      for (const p of node.properties as AnyNode[]) boundNames(p.type === 'RestElement' ? p.argument : p.value, into);
      break;
    case 'ArrayPattern':
      for (const e of node.elements as (AnyNode | null)[]) boundNames(e, into);
      break;
    case 'AssignmentPattern':
      boundNames(node.left, into);
      break;
    case 'RestElement':
      boundNames(node.argument, into);
      break;
  }
  return into;
}

/** The names a list of statements declares directly (not inside nested blocks or functions). */
function declaredBy(statements: readonly AnyNode[]): string[] {
  return statements.flatMap((statement) => {
    const declaration = statement.type === 'ExportNamedDeclaration' ? statement.declaration : statement;
    if (!declaration) return [];
    if (declaration.type === 'VariableDeclaration') return (declaration.declarations as AnyNode[]).flatMap((d) => boundNames(d.id));
    if ((declaration.type === 'FunctionDeclaration' || declaration.type === 'ClassDeclaration') && declaration.id) return [declaration.id.name as string];
    return [];
  });
}

function inner(locals: Locals, names: readonly string[]): Locals {
  return names.length === 0 ? locals : new Set([...locals, ...names]);
}

/** Binding patterns: only their defaults and computed keys are read. */
function pattern(node: AnyNode | null, into: Set<string>, locals: Locals): void {
  if (!node) return;
  switch (node.type) {
    case 'Identifier':
      return;
    case 'ObjectPattern':
      for (const p of node.properties as AnyNode[]) {
        if (p.type === 'RestElement') pattern(p.argument, into, locals);
        else {
          if (p.computed) expression(p.key, into, locals);
          pattern(p.value, into, locals);
        }
      }
      return;
    case 'ArrayPattern':
      for (const e of node.elements as (AnyNode | null)[]) pattern(e, into, locals);
      return;
    case 'AssignmentPattern':
      pattern(node.left, into, locals);
      expression(node.right, into, locals);
      return;
    case 'RestElement':
      pattern(node.argument, into, locals);
      return;
    default:
      // A member expression as an assignment target (`for (o.k of xs)`) reads `o`.
      expression(node, into, locals);
  }
}

/** Any other node: its identifiers used as values, and not bound locally, are read. */
function expression(node: AnyNode | null | undefined, into: Set<string>, locals: Locals): void {
  if (!node || typeof node.type !== 'string') return;
  switch (node.type) {
    case 'Identifier':
      if (!locals.has(node.name)) into.add(node.name);
      return;
    case 'Program':
      // Top-level names are the cell's own (left out by `namesRead`), not locals.
      for (const statement of node.body as AnyNode[]) expression(statement, into, locals);
      return;
    case 'BlockStatement':
    case 'StaticBlock': {
      const scope = inner(locals, declaredBy(node.body as AnyNode[]));
      for (const statement of node.body as AnyNode[]) expression(statement, into, scope);
      return;
    }
    case 'SwitchStatement': {
      expression(node.discriminant, into, locals);
      const scope = inner(locals, declaredBy((node.cases as AnyNode[]).flatMap((c) => c.consequent as AnyNode[])));
      for (const c of node.cases as AnyNode[]) {
        expression(c.test, into, scope);
        for (const statement of c.consequent as AnyNode[]) expression(statement, into, scope);
      }
      return;
    }
    case 'ForStatement':
    case 'ForInStatement':
    case 'ForOfStatement': {
      const head = node.type === 'ForStatement' ? node.init : node.left;
      const scope = head?.type === 'VariableDeclaration' ? inner(locals, declaredBy([head])) : locals;
      for (const key of ['init', 'left', 'right', 'test', 'update', 'body']) expression(node[key], into, scope);
      return;
    }
    case 'MemberExpression':
      expression(node.object, into, locals);
      if (node.computed) expression(node.property, into, locals);
      return;
    case 'Property':
    case 'PropertyDefinition':
    case 'MethodDefinition':
      if (node.computed) expression(node.key, into, locals);
      expression(node.value, into, locals);
      return;
    case 'VariableDeclarator':
      pattern(node.id, into, locals);
      expression(node.init, into, locals);
      return;
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression': {
      // A function expression's own name is bound inside it; `arguments` is every function's but an arrow's.
      const own = node.type === 'FunctionExpression' && node.id ? [node.id.name as string] : [];
      const implicit = node.type === 'ArrowFunctionExpression' ? [] : ['arguments'];
      const scope = inner(locals, [...own, ...implicit, ...(node.params as AnyNode[]).flatMap((p) => boundNames(p))]);
      for (const p of node.params as AnyNode[]) pattern(p, into, scope);
      expression(node.body, into, scope);
      return;
    }
    case 'ClassDeclaration':
    case 'ClassExpression': {
      const scope = node.type === 'ClassExpression' && node.id ? inner(locals, [node.id.name as string]) : locals;
      expression(node.superClass, into, scope);
      expression(node.body, into, scope);
      return;
    }
    case 'CatchClause': {
      const scope = inner(locals, boundNames(node.param));
      pattern(node.param, into, scope);
      expression(node.body, into, scope);
      return;
    }
    case 'LabeledStatement':
      expression(node.body, into, locals);
      return;
    case 'BreakStatement':
    case 'ContinueStatement':
    case 'MetaProperty':
    case 'ImportDeclaration':
      return;
    default:
      for (const [key, value] of Object.entries(node)) {
        if (key === 'loc' || key === 'range') continue;
        if (Array.isArray(value)) for (const child of value) expression(child as AnyNode, into, locals);
        else if (value && typeof value === 'object') expression(value as AnyNode, into, locals);
      }
  }
}

/** The names `program` reads that `declared` (its own top-level names) does not provide, in first-use order. */
export function namesRead(program: AnyNode, declared: readonly string[]): string[] {
  const into = new Set<string>();
  expression(program, into, new Set());
  const own = new Set(declared);
  return [...into].filter((name) => !own.has(name));
}
