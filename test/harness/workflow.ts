import { ExecutionLifecycleHooks, WorkflowExecute } from 'n8n-core';
import type {
	IConnections,
	ICredentialDataDecryptedObject,
	IDataObject,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	INodeTypes,
	IRun,
	IVersionedNodeType,
	IWorkflowBase,
	IWorkflowExecuteAdditionalData,
	NodeConnectionType,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { createRunExecutionData, NodeHelpers, Workflow } from 'n8n-workflow';

import { TestCredentialsHelper } from './credentials';
import { createDeferred } from './deferred';

export interface RunNodeOptions {
	/** The node type under test (an instance of the node class). */
	nodeType: INodeType;
	parameters: INodeParameters;
	/** Credential data by credential type name. */
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	/** Items the start node hands to the node under test (default: one empty item). */
	input?: INodeExecutionData[];
	/** Node setting "On Error: Continue (using regular output)". */
	continueOnFail?: boolean;
	mode?: WorkflowExecuteMode;
	staticData?: IDataObject;
	/** Sub-nodes (AI memory, model, tool…) connected to the node under test by their connection type; they share `credentials`. */
	subNodes?: SubNode[];
}

export interface SubNode {
	name: string;
	nodeType: INodeType;
	parameters: INodeParameters;
	connectionType: NodeConnectionType;
}

export interface RunNodeResult {
	/** Items on the node's first output. */
	items: INodeExecutionData[];
	outputs: INodeExecutionData[][];
	/** The node's error, when the run failed. */
	error?: Error & { description?: string; httpCode?: string | null; message: string };
	run: IRun;
	credentials: TestCredentialsHelper;
}

const START = 'Start';
let runCount = 0;
const UNDER_TEST = 'Node Under Test';

function startNodeType(items: INodeExecutionData[]): INodeType {
	return {
		description: {
			displayName: 'Test Start',
			name: 'test.start',
			group: ['input'],
			version: 1,
			description: 'Emits the test input items',
			defaults: { name: START },
			inputs: [],
			outputs: ['main'],
			properties: [],
		},
		async execute() {
			return [items];
		},
	} as unknown as INodeType;
}

export function nodeTypesOf(types: Record<string, INodeType | IVersionedNodeType>): INodeTypes {
	return {
		getByName: (name) => types[name],
		getByNameAndVersion: (name, version) => NodeHelpers.getVersionedNodeType(types[name], version),
		getKnownTypes: () => ({}),
	};
}

/**
 * Runs `Start → node under test` through n8n-core's WorkflowExecute: the same
 * engine, contexts, parameter resolution, credential plumbing and HTTP helpers
 * a real n8n uses, minus the server.
 */
export async function runNode(options: RunNodeOptions): Promise<RunNodeResult> {
	const input = options.input ?? [{ json: {} }];
	const version = options.nodeType.description.version;
	const typeVersion = Array.isArray(version) ? version[version.length - 1] : version;
	const nodes: INode[] = [
		{ id: 'start', name: START, type: 'test.start', typeVersion: 1, position: [0, 0], parameters: {} },
		{
			id: 'under-test',
			name: UNDER_TEST,
			type: 'test.subject',
			typeVersion,
			position: [200, 0],
			parameters: options.parameters,
			credentials: Object.fromEntries(
				Object.keys(options.credentials ?? {}).map((type) => [type, { id: `${type}-id`, name: type }]),
			),
			...(options.continueOnFail ? { onError: 'continueRegularOutput' as const } : {}),
		},
	];
	const subNodes = options.subNodes ?? [];
	subNodes.forEach((sub, index) =>
		nodes.push({
			id: `sub-${index}`,
			name: sub.name,
			type: `test.sub${index}`,
			typeVersion: 1,
			position: [200, 200],
			parameters: sub.parameters,
			credentials: nodes[1].credentials,
		}),
	);
	const connections: IConnections = {
		[START]: { main: [[{ node: UNDER_TEST, type: 'main' as const, index: 0 }]] },
		...Object.fromEntries(subNodes.map((sub) => [sub.name, { [sub.connectionType]: [[{ node: UNDER_TEST, type: sub.connectionType, index: 0 }]] }])),
	};
	const nodeTypes = nodeTypesOf({
		'test.start': startNodeType(input),
		'test.subject': options.nodeType,
		...Object.fromEntries(subNodes.map((sub, index) => [`test.sub${index}`, sub.nodeType])),
	});
	const workflow = new Workflow({
		id: 'wf-test',
		name: 'test',
		nodes,
		connections,
		nodeTypes,
		active: false,
		settings: {},
		staticData: options.staticData,
	});
	const workflowData: IWorkflowBase = {
		id: 'wf-test',
		name: 'test',
		active: false,
		isArchived: false,
		nodes,
		connections,
		settings: {},
		createdAt: new Date(),
		updatedAt: new Date(),
		activeVersionId: null,
	} as unknown as IWorkflowBase;

	const mode = options.mode ?? 'manual';
	// Each run is its own execution, as in n8n (nodes may keep per-execution state).
	runCount += 1;
	const executionId = `exec-${runCount}`;
	const finished = createDeferred<IRun>();
	const hooks = new ExecutionLifecycleHooks(mode, executionId, workflowData);
	hooks.addHandler('workflowExecuteAfter', async (run) => finished.resolve(run));
	const credentials = new TestCredentialsHelper({ ...(options.credentials ?? {}) });
	const additionalData = {
		hooks,
		credentialsHelper: credentials,
		executionId,
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		variables: {},
		userId: 'user-1',
		currentNodeExecutionIndex: 0,
	} as unknown as IWorkflowExecuteAdditionalData;

	const runExecutionData = createRunExecutionData({
		executionData: {
			nodeExecutionStack: [{ node: nodes[0], data: { main: [[{ json: {} }]] }, source: null }],
		},
	});
	const execution = new WorkflowExecute(additionalData, mode, runExecutionData).processRunExecutionData(workflow);
	const run = await Promise.race([execution, finished.promise]);
	const resultRun = run ?? (await finished.promise);
	const taskData = resultRun.data.resultData.runData[UNDER_TEST]?.[0];
	const outputs = (taskData?.data?.main ?? []).map((o) => o ?? []);
	return {
		items: outputs[0] ?? [],
		outputs,
		error: (taskData?.error ?? resultRun.data.resultData.error) as RunNodeResult['error'],
		run: resultRun,
		credentials,
	};
}
