/**
 * The names a cell reads: every identifier of its (type-stripped) program used as a value, inside
 * functions and classes too, minus the names the cell declares at top level itself. Binding
 * positions (a declaration's names, parameters, a caught error) are not reads; defaults and
 * computed keys inside them are. Local names that shadow an outer one still count: the list may
 * hold more than the cell needs, never less, so a dependency graph built on it (./graph) re-runs
 * too much rather than too little.
 */
import type { Node } from 'acorn';

type AnyNode = Node & Record<string, any>;

/** Binding patterns: only their defaults and computed keys are read. */
function pattern(node: AnyNode | null, into: Set<string>): void {
  if (!node) return;
  switch (node.type) {
    case 'Identifier':
      return;
    case 'ObjectPattern':
      for (const p of node.properties as AnyNode[]) {
        if (p.type === 'RestElement') pattern(p.argument, into);
        else {
          if (p.computed) expression(p.key, into);
          pattern(p.value, into);
        }
      }
      return;
    case 'ArrayPattern':
      for (const e of node.elements as (AnyNode | null)[]) pattern(e, into);
      return;
    case 'AssignmentPattern':
      pattern(node.left, into);
      expression(node.right, into);
      return;
    case 'RestElement':
      pattern(node.argument, into);
      return;
    default:
      // A member expression as an assignment target (`for (o.k of xs)`) reads `o`.
      expression(node, into);
  }
}

/** Any other node: its identifiers used as values are read. */
function expression(node: AnyNode | null | undefined, into: Set<string>): void {
  if (!node || typeof node.type !== 'string') return;
  switch (node.type) {
    case 'Identifier':
      into.add(node.name);
      return;
    case 'MemberExpression':
      expression(node.object, into);
      if (node.computed) expression(node.property, into);
      return;
    case 'Property':
    case 'PropertyDefinition':
    case 'MethodDefinition':
      if (node.computed) expression(node.key, into);
      expression(node.value, into);
      return;
    case 'VariableDeclarator':
      pattern(node.id, into);
      expression(node.init, into);
      return;
    case 'FunctionDeclaration':
    case 'FunctionExpression':
    case 'ArrowFunctionExpression':
      for (const p of node.params as AnyNode[]) pattern(p, into);
      expression(node.body, into);
      return;
    case 'ClassDeclaration':
    case 'ClassExpression':
      expression(node.superClass, into);
      expression(node.body, into);
      return;
    case 'CatchClause':
      pattern(node.param, into);
      expression(node.body, into);
      return;
    case 'LabeledStatement':
      expression(node.body, into);
      return;
    case 'BreakStatement':
    case 'ContinueStatement':
    case 'MetaProperty':
    case 'ImportDeclaration':
      return;
    default:
      for (const [key, value] of Object.entries(node)) {
        if (key === 'loc' || key === 'range') continue;
        if (Array.isArray(value)) for (const child of value) expression(child as AnyNode, into);
        else if (value && typeof value === 'object') expression(value as AnyNode, into);
      }
  }
}

/** The names `program` reads that `declared` (its own top-level names) does not provide, in first-use order. */
export function namesRead(program: AnyNode, declared: readonly string[]): string[] {
  const into = new Set<string>();
  expression(program, into);
  const own = new Set(declared);
  return [...into].filter((name) => !own.has(name));
}
