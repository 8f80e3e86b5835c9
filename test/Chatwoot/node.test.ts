import { readFileSync } from 'fs';
import type { INodeProperties, INodePropertyOptions, INodeType } from 'n8n-workflow';

import { Chatwoot } from '../../nodes/Chatwoot/Chatwoot.node';
import { ChatwootClient } from '../../nodes/Chatwoot/ChatwootClient.node';
import { ChatwootPlatform } from '../../nodes/Chatwoot/ChatwootPlatform.node';
import { COVERAGE } from '../contract/coverage';
import { SPEC_PATH } from '../contract/openapi';

const nodes: Record<string, INodeType> = { chatwoot: new Chatwoot(), chatwootClient: new ChatwootClient(), chatwootPlatform: new ChatwootPlatform() };

function operationsOf(node: INodeType, resource: string): INodePropertyOptions[] {
	return node.description.properties
		.filter((p) => p.name === 'operation' && (p.displayOptions?.show?.resource as string[] | undefined)?.includes(resource))
		.flatMap((p) => p.options as INodePropertyOptions[]);
}

describe('the OpenAPI operations are reachable', () => {
	const spec = JSON.parse(readFileSync(SPEC_PATH, 'utf8')) as { paths: Record<string, Record<string, unknown>> };
	const operations = Object.entries(spec.paths).flatMap(([path, item]) =>
		Object.keys(item)
			.filter((m) => ['get', 'post', 'put', 'patch', 'delete'].includes(m))
			.map((m) => `${m.toUpperCase()} ${path}`),
	);

	test('every operation of the spec has an entry in test/contract/coverage.ts, and no entry is stale', () => {
		expect(operations).toHaveLength(144);
		expect(operations.filter((op) => !(op in COVERAGE))).toEqual([]);
		expect(Object.keys(COVERAGE).filter((op) => !operations.includes(op))).toEqual([]);
	});

	test('each node entry names an operation the node offers', () => {
		const missing = Object.entries(COVERAGE).filter(
			([, reach]) => 'node' in reach && !operationsOf(nodes[reach.node], reach.resource).some((o) => o.value === reach.operation),
		);
		expect(missing).toEqual([]);
	});

	test('143 of 144 are reachable from a node operation (issue 17 asks for 135); the unreachable one says why', () => {
		const reaches = Object.values(COVERAGE);
		expect(reaches).toHaveLength(144);
		expect(reaches.filter((r) => 'node' in r).length).toBeGreaterThanOrEqual(143);
		for (const reach of reaches) if ('unreachable' in reach) expect(reach.unreachable.length).toBeGreaterThan(40);
	});
});

/** What n8n's lint checks on literal descriptions, checked on the generated ones too. */
describe.each(Object.entries(nodes))('%s description', (_name, node) => {
	const properties = node.description.properties;
	const walk = (list: INodeProperties[], visit: (p: INodeProperties) => void) => {
		for (const p of list) {
			visit(p);
			if (p.type === 'collection') walk(p.options as INodeProperties[], visit);
			if (p.type === 'fixedCollection') for (const group of p.options as Array<{ values: INodeProperties[] }>) walk(group.values, visit);
		}
	};
	const all: INodeProperties[] = [];
	walk(properties, (p) => all.push(p));

	test('every resource has a sorted operation list with action texts and a valid default', () => {
		const resources = (properties.find((p) => p.name === 'resource')!.options as INodePropertyOptions[]).map((o) => String(o.value));
		for (const resource of resources) {
			const selectors = properties.filter((p) => p.name === 'operation' && (p.displayOptions?.show?.resource as string[] | undefined)?.includes(resource));
			expect(selectors).toHaveLength(1);
			const options = selectors[0].options as INodePropertyOptions[];
			const names = options.map((o) => o.name);
			expect(names).toEqual([...names].sort((a, b) => a.localeCompare(b)));
			expect(options.every((o) => typeof o.action === 'string' && o.action.length > 3)).toBe(true);
			expect(options.map((o) => o.value)).toContain(selectors[0].default);
			expect(new Set(options.map((o) => o.action)).size).toBe(options.length);
		}
	});

	test('options and collection entries are sorted; booleans say "Whether"; dropdowns say "Name or ID"', () => {
		for (const p of all) {
			if (p.type === 'options' && Array.isArray(p.options) && p.name !== 'operation') {
				const names = (p.options as INodePropertyOptions[]).map((o) => o.name);
				expect({ name: p.name, names }).toEqual({ name: p.name, names: [...names].sort((a, b) => a.localeCompare(b)) });
			}
			if (p.type === 'collection') {
				const names = (p.options as INodeProperties[]).map((o) => o.displayName);
				expect({ name: p.name, names }).toEqual({ name: p.name, names: [...names].sort((a, b) => a.localeCompare(b)) });
			}
			if (p.type === 'boolean' && p.description) expect({ name: p.name, description: p.description }).toEqual({ name: p.name, description: expect.stringMatching(/^Whether /) });
			if (p.typeOptions?.loadOptionsMethod) {
				expect({ name: p.name, displayName: p.displayName }).toEqual({ name: p.name, displayName: expect.stringMatching(/(Name or ID|Names or IDs)$/) });
				expect(p.description).toMatch(/expression/);
				expect(typeof (node.methods?.loadOptions as Record<string, unknown> | undefined)?.[p.typeOptions.loadOptionsMethod]).toBe('function');
			}
		}
	});

	test('a parameter name is used once per operation', () => {
		const seen = new Map<string, number>();
		for (const p of properties) {
			const show = p.displayOptions?.show ?? {};
			const resources = (show.resource as string[] | undefined) ?? ['*'];
			const operations = (show.operation as string[] | undefined) ?? ['*'];
			for (const r of resources) for (const o of operations) {
				const key = `${r}/${o}/${p.name}`;
				// Parameters shown under different extra conditions (startFrom, status…) may share a name.
				if (Object.keys(show).length > 2) continue;
				seen.set(key, (seen.get(key) ?? 0) + 1);
			}
		}
		expect([...seen].filter(([, count]) => count > 1)).toEqual([]);
	});
});
