import { createRequire } from 'module';
import { join } from 'path';

import type { INode, INodeProperties, INodeTypeDescription } from 'n8n-workflow';

import { editorGet, rest } from './n8n';

/*
 * What n8n's editor shows for a workflow, computed the way the editor computes it
 * (editor-ui `useNodeHelpers().getNodeIssues`): the node type's description as the
 * running n8n serves it (`/types/nodes.json`), the parameters with their defaults filled
 * in (`NodeHelpers.getNodeParameters`), `NodeHelpers.getNodeParametersIssues` for the
 * parameters, and for every credential the node shows: set, and one the user has. The
 * n8n-workflow used is the running n8n's own (its editor bundles the same version), so
 * n8n 1.123.81 is judged by n8n-workflow 1.120 and 2.41.1 by 2.41.
 */

type WorkflowModule = typeof import('n8n-workflow');
type NodeHelpersModule = WorkflowModule['NodeHelpers'];

/** Where dev/lib/install.js put n8n (N8N_DEV_CACHE or .dev/cache), read from that module itself. */
const { CACHE } = createRequire(__filename)('../../dev/lib/install') as { CACHE: string };

/** n8n-workflow of the n8n under test (E2E_N8N_VERSION, installed by dev/lib/install.js). */
function serverWorkflowModule(): WorkflowModule {
	const version = process.env.E2E_N8N_VERSION;
	if (!version) throw new Error('E2E_N8N_VERSION is not set: run with e2e/jest.config.js');
	const requireFromN8n = createRequire(join(CACHE, `n8n-${version}`, 'node_modules', 'n8n', 'package.json'));
	return requireFromN8n('n8n-workflow') as WorkflowModule;
}

/** n8n-workflow's NodeHelpers of the n8n under test. */
export function serverNodeHelpers(): NodeHelpersModule {
	return serverWorkflowModule().NodeHelpers;
}

export interface EditorView {
	/** Issues the editor shows per node name (nodes without issues are left out). */
	issues(nodes: INode[]): Record<string, string[]>;
	/**
	 * Parameters whose stored value the editor can only show after
	 * fetching options with a working credential ("Error fetching options" until then):
	 * a fixed value of a loadOptions/listSearch parameter, or a resource locator in list mode.
	 */
	hiddenWithoutCredential(nodes: INode[]): string[];
	description(node: INode): INodeTypeDescription | undefined;
	/** The subtitle the editor shows under the node (its type's `subtitle` expression, evaluated by the server's n8n-workflow). */
	subtitle(node: INode): unknown;
}

/** Loads node descriptions and the owner's credentials from the running n8n. */
export async function editorView(): Promise<EditorView> {
	const NodeHelpers = serverNodeHelpers();
	const types = await editorGet<INodeTypeDescription[]>('types/nodes.json');
	if (types.status !== 200) throw new Error(`GET /types/nodes.json → ${types.status}`);
	const credentials = await rest<{ data: Array<{ id: string; name: string; type: string }> }>('GET', 'credentials');
	if (credentials.status !== 200) throw new Error(`GET /rest/credentials → ${credentials.status}`);
	const owned = new Map(credentials.body.data.map((c) => [c.id, c]));

	const description = (node: INode): INodeTypeDescription | undefined =>
		types.body.find(
			(t) => t.name === node.type && (Array.isArray(t.version) ? t.version.includes(node.typeVersion) : t.version === node.typeVersion),
		);
	const withDefaults = (node: INode, type: INodeTypeDescription): INode => ({
		...node,
		parameters: NodeHelpers.getNodeParameters(type.properties, node.parameters, true, false, node, type) ?? {},
	});

	function nodeIssues(node: INode): string[] {
		if (node.disabled) return [];
		const type = description(node);
		if (!type) return [`node type ${node.type} (version ${node.typeVersion}) is not installed`];
		const resolved = withDefaults(node, type);
		const out: string[] = [];
		const found = NodeHelpers.getNodeParametersIssues(type.properties, resolved, type);
		for (const [name, messages] of Object.entries(found?.parameters ?? {})) out.push(`parameter ${name}: ${messages.join(' ')}`);
		for (const credential of type.credentials ?? []) {
			if (!NodeHelpers.displayParameter(resolved.parameters, credential, resolved, type)) continue;
			const chosen = node.credentials?.[credential.name];
			if (!chosen) {
				if (credential.required) out.push(`credential ${credential.name}: not set`);
				continue;
			}
			const known = chosen.id ? owned.get(chosen.id) : undefined;
			if (!known || known.type !== credential.name) out.push(`credential ${credential.name}: "${chosen.name}" is not one of this user's credentials`);
		}
		return out;
	}

	function hiddenWithoutCredential(nodes: INode[]): string[] {
		const hidden: string[] = [];
		for (const node of nodes) {
			const type = description(node);
			if (!type) continue;
			const resolved = withDefaults(node, type);
			const visit = (properties: INodeProperties[], values: Record<string, unknown>, where: string) => {
				for (const property of properties) {
					if (!(property.name in values)) continue;
					if (!NodeHelpers.displayParameter(values as never, property, resolved, type, resolved.parameters)) continue;
					const value = values[property.name];
					const fetched = Boolean(property.typeOptions?.loadOptionsMethod ?? property.typeOptions?.loadOptions);
					const isExpression = typeof value === 'string' && value.startsWith('=');
					if (fetched && !isExpression && JSON.stringify(value) !== JSON.stringify(property.default)) hidden.push(`${where}${property.name}`);
					if (property.type === 'resourceLocator' && value && typeof value === 'object') {
						const locator = value as { mode?: string; value?: unknown };
						const fixed = !(typeof locator.value === 'string' && locator.value.startsWith('='));
						if (locator.mode === 'list' && fixed && locator.value !== '') hidden.push(`${where}${property.name}`);
					}
					if (property.type === 'collection' && value && typeof value === 'object') {
						visit((property.options ?? []) as INodeProperties[], value as Record<string, unknown>, `${where}${property.name}.`);
					}
				}
			};
			visit(type.properties, node.parameters as Record<string, unknown>, `${node.name} → `);
		}
		return hidden;
	}

	function subtitle(node: INode): unknown {
		const type = description(node);
		if (!type?.subtitle) return undefined;
		const { Workflow } = serverWorkflowModule();
		const resolved = withDefaults(node, type);
		const nodeType = { description: type } as never;
		const workflow = new Workflow({
			nodes: [resolved],
			connections: {},
			active: false,
			nodeTypes: { getByName: () => nodeType, getByNameAndVersion: () => nodeType, getKnownTypes: () => ({}) },
		});
		return workflow.expression.getSimpleParameterValue(resolved, type.subtitle, 'internal', {});
	}

	return {
		subtitle,
		issues: (nodes) => Object.fromEntries(nodes.map((n) => [n.name, nodeIssues(n)] as const).filter(([, list]) => list.length > 0)),
		hiddenWithoutCredential,
		description,
	};
}
