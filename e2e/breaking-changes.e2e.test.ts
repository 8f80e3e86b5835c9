import { randomUUID } from 'crypto';
import { readFileSync } from 'fs';
import { join } from 'path';

import type { INode, INodeProperties, INodePropertyOptions, INodeTypeDescription } from 'n8n-workflow';

import { serverNodeHelpers } from './helpers/editor';
import { apiOk, editorGet, PACKAGE, removeWorkflow, rest } from './helpers/n8n';

/*
 * n8n's own upgrade check, its "breaking changes" module, run against this package:
 * n8n 2.41 ships the rules of the next major (target `v3`, n8n 3.0) next to those of 2.0
 * (`v2`); n8n 1.123 ships the 2.0 rules. The rules read the workflows stored in the
 * database (workflow-level rules) and the instance's settings (instance-level rules);
 * the report is what Settings → "Migration report" shows (REST
 * `POST /rest/breaking-changes/report/refresh?version=…`, details per rule at
 * `GET /rest/breaking-changes/report/<ruleId>`).
 *
 * The workflow set uses every node of package.json: every resource/operation of the
 * action nodes and every source/mode of the triggers, with all parameters at their
 * defaults stored (so rules that look at parameters see them all). A control workflow
 * that the rules must flag (a Start node, removed in 2.0; `$getPairedItem`, removed in
 * 3.0) proves that the rules ran over the stored workflows.
 */

const manifest = JSON.parse(readFileSync(join(__dirname, '..', 'package.json'), 'utf8')) as { n8n: { nodes: string[] } };
const major = Number((process.env.E2E_N8N_VERSION ?? '2').split('.')[0]);
/** The targets this n8n can report on. */
const TARGETS = major >= 2 ? ['v2', 'v3'] : ['v2'];
/** A rule per target that the control workflow triggers. */
const CONTROL_RULE: Record<string, string> = { v2: 'start-node-removed-v2', v3: 'get-paired-item-v3' };

interface Report {
	targetVersion: string;
	currentVersion: string;
	workflowResults: Array<{ ruleId: string; ruleTitle: string }>;
	instanceResults: Array<{ ruleId: string; ruleTitle: string }>;
}
interface RuleDetail {
	affectedWorkflows: Array<{ id: string; name: string; issues: Array<{ title: string }> }>;
}

const ours = new Map<string, string>();
let controlId: string | undefined;

const optionsOf = (property: INodeProperties): INodePropertyOptions[] => (property.options ?? []) as INodePropertyOptions[];

/** Parameter sets that reach every resource/operation (action nodes) or every source/mode (triggers). */
function parameterSets(type: INodeTypeDescription): Array<Record<string, string>> {
	const resource = type.properties.find((p) => p.name === 'resource' && p.type === 'options');
	if (resource) {
		return optionsOf(resource).flatMap((r) =>
			type.properties
				.filter((p) => p.name === 'operation' && ((p.displayOptions?.show?.resource ?? []) as unknown[]).includes(r.value))
				.flatMap((p) => optionsOf(p).map((o) => ({ resource: String(r.value), operation: String(o.value) }))),
		);
	}
	const switches = type.properties.filter((p) => p.type === 'options' && p.noDataExpression && !p.displayOptions);
	const sets = switches.flatMap((p) => optionsOf(p).map((o) => ({ [p.name]: String(o.value) })));
	return sets.length > 0 ? sets : [{}];
}

beforeAll(async () => {
	const NodeHelpers = serverNodeHelpers();
	const types = await editorGet<INodeTypeDescription[]>('types/nodes.json');
	expect(types.status).toBe(200);
	const expected = manifest.n8n.nodes.map((f) => {
		const base = f.split('/').pop()!.replace('.node.js', '');
		return `${PACKAGE}.${base.charAt(0).toLowerCase()}${base.slice(1)}`;
	});
	for (const name of expected) {
		const type = types.body.find((t) => t.name === name);
		expect(type).toBeDefined();
		const version = Array.isArray(type!.version) ? type!.version.at(-1)! : type!.version;
		const nodes: INode[] = parameterSets(type!).map((set, i) => {
			const node: INode = {
				id: randomUUID(),
				name: `${type!.displayName} ${i + 1} ${Object.values(set).join(' ')}`.trim(),
				type: name,
				typeVersion: version,
				position: [(i % 10) * 220, Math.floor(i / 10) * 200],
				parameters: {},
				...(type!.webhooks ? { webhookId: randomUUID() } : {}),
			};
			node.parameters = NodeHelpers.getNodeParameters(type!.properties, set, true, false, node, type!) ?? set;
			return node;
		});
		const created = await apiOk<{ id: string }>('POST', 'workflows', {
			name: `E2E breaking changes: ${type!.displayName} ${randomUUID().slice(0, 8)}`,
			nodes,
			connections: {},
			settings: { executionOrder: 'v1' },
		});
		ours.set(created.id, type!.displayName);
	}
	const control = await apiOk<{ id: string }>('POST', 'workflows', {
		name: `E2E breaking changes: control ${randomUUID().slice(0, 8)}`,
		nodes: [
			{ id: randomUUID(), name: 'Start', type: 'n8n-nodes-base.start', typeVersion: 1, position: [0, 0], parameters: {} },
			{
				id: randomUUID(),
				name: 'Uses $getPairedItem',
				type: 'n8n-nodes-base.set',
				typeVersion: 3.4,
				position: [220, 0],
				parameters: {
					assignments: { assignments: [{ id: randomUUID(), name: 'x', value: "={{ $getPairedItem('Start', 0) }}", type: 'string' }] },
					options: {},
				},
			},
		],
		connections: {},
		settings: { executionOrder: 'v1' },
	});
	controlId = control.id;
});

afterAll(async () => {
	for (const id of ours.keys()) await removeWorkflow(id);
	await removeWorkflow(controlId);
});

test('the workflow set holds every node of the package', () => {
	expect(ours.size).toBe(manifest.n8n.nodes.length);
});

describe.each(TARGETS.map((t) => [t]))('n8n\'s "%s" breaking-change rules', (target) => {
	let report: Report;
	const flaggedByRule = new Map<string, RuleDetail['affectedWorkflows']>();

	beforeAll(async () => {
		const refreshed = await rest<{ data: { report: Report; totalWorkflows: number } }>('POST', `breaking-changes/report/refresh?version=${target}`);
		expect(refreshed.status).toBe(200);
		report = refreshed.body.data.report;
		for (const rule of report.workflowResults) {
			const detail = await rest<{ data: RuleDetail }>('GET', `breaking-changes/report/${rule.ruleId}`);
			expect(detail.status).toBe(200);
			flaggedByRule.set(rule.ruleId, detail.body.data.affectedWorkflows);
		}
		process.stdout.write(
			`[e2e] n8n ${report.currentVersion} → ${target}: workflow rules that flagged something: ${report.workflowResults.map((r) => r.ruleId).join(', ') || 'none'}; ` +
				`instance rules: ${report.instanceResults.map((r) => r.ruleId).join(', ') || 'none'}\n`,
		);
	});

	test('the rules ran over the stored workflows (the control workflow is flagged)', () => {
		expect(report.targetVersion).toBe(target);
		expect((flaggedByRule.get(CONTROL_RULE[target]) ?? []).map((w) => w.id)).toContain(controlId);
	});

	test('no rule flags a workflow that uses this package\'s nodes', () => {
		const flagged = [...flaggedByRule].flatMap(([ruleId, workflows]) =>
			workflows.filter((w) => ours.has(w.id)).map((w) => `${ruleId}: ${ours.get(w.id)}: ${w.issues.map((i) => i.title).join('; ')}`),
		);
		expect(flagged).toEqual([]);
	});

	test('no instance rule names the package', () => {
		expect(JSON.stringify(report.instanceResults)).not.toContain(PACKAGE);
		if (target === 'v3') {
			// N8N_UNVERIFIED_PACKAGES_ENABLED=true (dev/lib/n8n.js), the setting README → Install gives for 3.0.
			expect(report.instanceResults.map((r) => r.ruleId)).not.toContain('unverified-packages-v3');
		}
	});
});
