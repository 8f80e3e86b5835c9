import { readFileSync } from 'fs';
import type { INode, INodeParameters, INodeProperties, INodePropertyOptions, INodeType } from 'n8n-workflow';
import { NodeHelpers, Workflow } from 'n8n-workflow';
import { join, resolve } from 'path';

import { resourceOperationSubtitle } from '../../nodes/shared/n8n/subtitle';
import { nodeTypesOf } from '../harness/workflow';

/*
 * The subtitle under each node on the canvas, rendered as n8n's editor renders it:
 * the node type's `subtitle` expression evaluated by n8n-workflow over the node's
 * parameters with their defaults filled in (editor: `getNodeSubtitle` →
 * `workflow.expression.getSimpleParameterValue(node, subtitle, 'internal', {})`).
 * Every node of package.json, from its source, so new resources and operations are
 * covered as they are added.
 */

const root = resolve(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };

function loadNode(distFile: string): INodeType {
	const source = join(root, distFile.replace(/^dist\//, '').replace(/\.js$/, '.ts'));
	const module = require(source) as Record<string, new () => INodeType>;
	const [NodeClass] = Object.values(module).filter((v) => typeof v === 'function');
	return new NodeClass();
}

const nodes = pkg.n8n.nodes.map((file) => ({ file, nodeType: loadNode(file) }));

function optionsOf(property: INodeProperties): INodePropertyOptions[] {
	return (property.options ?? []) as INodePropertyOptions[];
}

/** What the editor shows under the node for these (partial) parameters. */
function render(nodeType: INodeType, parameters: INodeParameters): unknown {
	const { description } = nodeType;
	const version = Array.isArray(description.version) ? description.version.at(-1)! : description.version;
	const node: INode = { id: 'n', name: 'Node', type: 'test.subject', typeVersion: version, position: [0, 0], parameters: {} };
	node.parameters = NodeHelpers.getNodeParameters(description.properties, parameters, true, false, node, description) ?? {};
	const workflow = new Workflow({
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: nodeTypesOf({ 'test.subject': nodeType }),
	});
	return workflow.expression.getSimpleParameterValue(node, description.subtitle, 'internal', {});
}

/** The resources an `operation` parameter is shown for. */
const shownFor = (property: INodeProperties): string[] => ((property.displayOptions?.show?.resource ?? []) as unknown[]).map(String);

/** Every (resource, operation) of an action node, with the names the editor shows for them. */
function resourceOperations(nodeType: INodeType): Array<{ resource: string; operation: string; expected: string }> {
	const { properties } = nodeType.description;
	const resource = properties.find((p) => p.name === 'resource')!;
	return optionsOf(resource).flatMap((r) => {
		const operations = properties.filter((p) => p.name === 'operation' && shownFor(p).includes(String(r.value)));
		expect(operations).toHaveLength(1);
		return optionsOf(operations[0]).map((o) => ({
			resource: String(r.value),
			operation: String(o.value),
			expected: `${r.name}: ${o.name}`,
		}));
	});
}

/** A stored value that is code rather than words: camelCase, snake_case or __marker. */
const technical = (value: unknown): boolean => typeof value === 'string' && /[a-z][A-Z]|_/.test(value);

const actionNodes = nodes.filter(({ nodeType }) => nodeType.description.properties.some((p) => p.name === 'resource'));

test('the package has action nodes with resources and operations, and every node has a subtitle', () => {
	expect(actionNodes.map(({ nodeType }) => nodeType.description.name)).toEqual(
		expect.arrayContaining(['chatwoot', 'chatwootClient', 'chatApp']),
	);
	for (const { nodeType } of nodes) expect(typeof nodeType.description.subtitle).toBe('string');
});

describe.each(actionNodes.map(({ file, nodeType }) => [nodeType.description.displayName, file, nodeType] as const))(
	'%s (%s)',
	(_name, _file, nodeType) => {
		const pairs = resourceOperations(nodeType);

		test('every resource/operation pair renders "<Resource>: <Operation>" as the options name them', () => {
			expect(pairs.length).toBeGreaterThan(0);
			const rendered = pairs.map(({ resource, operation }) => render(nodeType, { resource, operation }));
			expect(rendered).toEqual(pairs.map((p) => p.expected));
			for (const text of rendered) expect(text).not.toMatch(/undefined|\{\{|\$parameter/);
		});

		test('the defaults render too (a node just dropped on the canvas)', () => {
			const { properties } = nodeType.description;
			const resource = String(properties.find((p) => p.name === 'resource')!.default);
			const operation = properties.find((p) => p.name === 'operation' && shownFor(p).includes(resource))!;
			const expected = pairs.find((p) => p.resource === resource && p.operation === String(operation.default))!.expected;
			expect(render(nodeType, {})).toBe(expected);
		});

		test('a value the options do not know is shown as stored, not as "undefined"', () => {
			expect(render(nodeType, { resource: pairs[0].resource, operation: 'fromANewerVersion' })).toMatch(/: fromANewerVersion$/);
		});

		test('the subtitle is the one built from the node\'s own options', () => {
			expect(nodeType.description.subtitle).toBe(resourceOperationSubtitle(nodeType.description.properties));
		});
	},
);

describe.each(nodes.filter((n) => !actionNodes.includes(n)).map(({ nodeType }) => [nodeType.description.displayName, nodeType] as const))(
	'%s',
	(_name, nodeType) => {
		test('renders words, not stored values, for every value of the parameters it shows', () => {
			const subtitle = String(nodeType.description.subtitle);
			const shown = nodeType.description.properties.filter(
				(p) => (p.type === 'options' || p.type === 'multiOptions') && subtitle.includes(`$parameter["${p.name}"]`),
			);
			const cases: INodeParameters[] = [{}];
			for (const property of shown) {
				const values = optionsOf(property).map((o) => o.value);
				if (property.type === 'multiOptions') cases.push({ [property.name]: values }, { [property.name]: [] });
				else cases.push(...values.map((value) => ({ [property.name]: value })));
			}
			for (const parameters of cases) {
				const text = render(nodeType, parameters);
				expect(typeof text).toBe('string');
				expect(text).not.toMatch(/undefined|\{\{|\$parameter/);
				const raw = shown.flatMap((p) => optionsOf(p).map((o) => o.value)).filter(technical);
				for (const value of raw) expect(text).not.toContain(String(value));
			}
		});
	},
);

test('ChatApp Trigger names its events ("Message, Chat Tag") and says when none is chosen', () => {
	const { nodeType } = nodes.find((n) => n.nodeType.description.name === 'chatAppTrigger')!;
	expect(render(nodeType, { events: ['message', 'chatTag'] })).toBe('Message, Chat Tag');
	expect(render(nodeType, {})).toBe('Message');
	expect(render(nodeType, { events: [] })).toBe('No events');
});

test('names with braces or quotes cannot break the expression', () => {
	const properties: INodeProperties[] = [
		{ displayName: 'Resource', name: 'resource', type: 'options', default: 'a', options: [{ name: 'A "quoted" {x}}', value: 'a' }] },
		{
			displayName: 'Operation',
			name: 'operation',
			type: 'options',
			default: 'b',
			displayOptions: { show: { resource: ['a'] } },
			options: [{ name: "It's }} done {{", value: 'b' }],
		},
	];
	const nodeType = { description: { displayName: 'X', name: 'x', group: [], version: 1, description: '', defaults: {}, inputs: [], outputs: [], properties, subtitle: resourceOperationSubtitle(properties) } } as unknown as INodeType;
	expect(render(nodeType, {})).toBe('A "quoted" {x}}: It\'s }} done {{');
});
