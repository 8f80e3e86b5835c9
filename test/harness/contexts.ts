import { HookContext, LoadOptionsContext, TriggerContext, WebhookContext } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	IDataObject,
	ILoadOptionsFunctions,
	INode,
	INodeExecutionData,
	INodeParameters,
	INodeType,
	IRun,
	ITriggerResponse,
	IWebhookData,
	IWebhookDescription,
	IWebhookResponseData,
	IWorkflowExecuteAdditionalData,
	WorkflowActivateMode,
	WorkflowExecuteMode,
} from 'n8n-workflow';
import { Workflow } from 'n8n-workflow';

/** n8n's deferred promise (its type lives in @n8n/utils, not re-exported by n8n-workflow). */
export interface Deferred<T> {
	promise: Promise<T>;
	resolve: (value: T) => void;
	reject: (error: Error) => void;
}

import { TestCredentialsHelper } from './credentials';
import { nodeTypesOf } from './workflow';

/**
 * Real n8n-core contexts (HookContext, WebhookContext, TriggerContext) around one
 * trigger node in a one-node workflow, so lifecycle methods, webhooks and
 * long-lived triggers run with n8n's own helpers, parameter resolution,
 * credentials plumbing and static data.
 */
export interface TriggerEnv {
	workflow: Workflow;
	node: INode;
	nodeType: INodeType;
	additionalData: IWorkflowExecuteAdditionalData;
	credentials: TestCredentialsHelper;
}

export interface TriggerEnvOptions {
	nodeType: INodeType;
	parameters: INodeParameters;
	credentials?: Record<string, ICredentialDataDecryptedObject>;
	staticData?: IDataObject;
	webhookId?: string;
	webhookBaseUrl?: string;
	/** Reuse a workflow id (e.g. to model the same workflow after an n8n restart). */
	workflowId?: string;
}

let envCount = 0;

export function createTriggerEnv(options: TriggerEnvOptions): TriggerEnv {
	envCount += 1;
	const version = options.nodeType.description.version;
	const node: INode = {
		id: 'trigger-node',
		name: 'Trigger',
		type: 'test.trigger',
		typeVersion: Array.isArray(version) ? version[version.length - 1] : version,
		position: [0, 0],
		parameters: options.parameters,
		webhookId: options.webhookId ?? '3f1c2a9e-5b7d-4e8f-9a0b-1c2d3e4f5a6b',
		credentials: Object.fromEntries(
			Object.keys(options.credentials ?? {}).map((type) => [type, { id: `${type}-id`, name: type }]),
		),
	};
	const workflow = new Workflow({
		// Each env is its own workflow, as each activation in n8n is.
		id: options.workflowId ?? `wf-trigger-${envCount}`,
		name: 'trigger test',
		nodes: [node],
		connections: {},
		nodeTypes: nodeTypesOf({ 'test.trigger': options.nodeType }),
		active: true,
		settings: {},
		staticData: options.staticData ?? {},
	});
	const credentials = new TestCredentialsHelper({ ...(options.credentials ?? {}) });
	const base = options.webhookBaseUrl ?? 'https://n8n.example.com';
	const additionalData = {
		credentialsHelper: credentials,
		executionId: 'exec-trigger',
		restApiUrl: `${base}/rest`,
		instanceBaseUrl: base,
		webhookBaseUrl: `${base}/webhook`,
		webhookTestBaseUrl: `${base}/webhook-test`,
		webhookWaitingBaseUrl: `${base}/webhook-waiting`,
		formWaitingBaseUrl: `${base}/form-waiting`,
		variables: {},
		userId: 'user-1',
	} as unknown as IWorkflowExecuteAdditionalData;
	return { workflow, node, nodeType: options.nodeType, additionalData, credentials };
}

function webhookData(env: TriggerEnv, isTest: boolean, name = 'default'): IWebhookData {
	const description = (env.nodeType.description.webhooks ?? []).find((w) => w.name === name) as IWebhookDescription;
	return {
		httpMethod: 'POST',
		node: env.node.name,
		path: String(description?.path ?? 'webhook'),
		webhookDescription: description,
		workflowId: String(env.workflow.id),
		workflowExecuteAdditionalData: env.additionalData,
		webhookId: env.node.webhookId,
		isTest,
	};
}

/** Lifecycle: `checkExists` / `create` / `delete` of webhookMethods[name] under a real HookContext. */
export async function runWebhookMethod(
	env: TriggerEnv,
	method: 'checkExists' | 'create' | 'delete',
	{ isTest = false, name = 'default', activation }: { isTest?: boolean; name?: string; activation?: WorkflowActivateMode } = {},
): Promise<boolean> {
	const mode: WorkflowExecuteMode = isTest ? 'manual' : 'trigger';
	const context = new HookContext(
		env.workflow,
		env.node,
		env.additionalData,
		mode,
		activation ?? (isTest ? 'manual' : 'activate'),
		webhookData(env, isTest, name),
	);
	const methods = (env.nodeType.webhookMethods as Record<string, Record<string, (this: unknown) => Promise<boolean>>> | undefined)?.[name];
	if (!methods) throw new Error(`Node has no webhookMethods.${name}`);
	return await methods[method].call(context);
}

export interface RecordedResponse {
	statusCode: number;
	body: unknown;
	headers: Record<string, string>;
	ended: boolean;
}

export interface Delivery {
	headers?: Record<string, string>;
	/** Exact bytes as the sender wrote them. */
	rawBody: Buffer | string;
	query?: Record<string, string>;
	params?: Record<string, string>;
	isTest?: boolean;
	webhookName?: string;
	/**
	 * n8n left the body unread, as it does for a node of typeVersion ≥ 2 when the content
	 * type is none it parses (n8n 2.41.1 webhook-helpers.js parseRequestBody): no
	 * `req.rawBody` / `req.body`, only n8n's `req.readRawBody()` (middlewares/body-parser.js).
	 */
	unread?: boolean;
}

function recorder(): { res: unknown; recorded: RecordedResponse } {
	const recorded: RecordedResponse = { statusCode: 200, body: undefined, headers: {}, ended: false };
	const res = {
		status(code: number) {
			recorded.statusCode = code;
			return res;
		},
		send(body?: unknown) {
			recorded.body = body;
			recorded.ended = true;
			return res;
		},
		json(body: unknown) {
			recorded.body = body;
			recorded.ended = true;
			return res;
		},
		setHeader(name: string, value: string) {
			recorded.headers[name.toLowerCase()] = value;
			return res;
		},
		header(name: string, value: string) {
			recorded.headers[name.toLowerCase()] = value;
			return res;
		},
		end(body?: unknown) {
			if (body !== undefined) recorded.body = body;
			recorded.ended = true;
			return res;
		},
	};
	return { res, recorded };
}

/**
 * Hands one HTTP delivery to the node's `webhook()` the way n8n's webhook server
 * does: lower-cased headers, `req.rawBody` with the exact bytes, `req.body` parsed
 * when it is valid JSON (n8n's parser), and an express-like response object.
 */
export async function deliverWebhook(
	env: TriggerEnv,
	delivery: Delivery,
): Promise<{ result: IWebhookResponseData; response: RecordedResponse }> {
	const raw = Buffer.isBuffer(delivery.rawBody) ? delivery.rawBody : Buffer.from(delivery.rawBody, 'utf8');
	let body: unknown = {};
	try {
		body = JSON.parse(raw.toString('utf8'));
	} catch {
		body = {};
	}
	const headers = Object.fromEntries(
		Object.entries({ 'content-type': 'application/json', ...(delivery.headers ?? {}) }).map(([k, v]) => [k.toLowerCase(), v]),
	);
	const base = { headers, query: delivery.query ?? {}, params: delivery.params ?? {}, method: 'POST' };
	const req: Record<string, unknown> = delivery.unread
		? {
				...base,
				async readRawBody() {
					req.rawBody ??= raw;
				},
			}
		: { ...base, body, rawBody: raw };
	const { res, recorded } = recorder();
	const additionalData = { ...env.additionalData, httpRequest: req, httpResponse: res } as unknown as IWorkflowExecuteAdditionalData;
	const context = new WebhookContext(
		env.workflow,
		env.node,
		additionalData,
		delivery.isTest ? 'manual' : 'webhook',
		webhookData({ ...env, additionalData }, delivery.isTest ?? false, delivery.webhookName ?? 'default'),
		[],
		null,
	);
	if (!env.nodeType.webhook) throw new Error('Node has no webhook()');
	const result = await env.nodeType.webhook.call(context);
	return { result, response: recorded };
}

export interface RunningTrigger {
	response: ITriggerResponse;
	/** Every `emit` call's data, in order. */
	emitted: INodeExecutionData[][][];
	/** The done-promise passed with each emit (same index), as n8n settles it when the execution ends. */
	done: Array<Deferred<IRun> | undefined>;
	errors: Error[];
	failedExecutions: Error[];
	close: () => Promise<void>;
}

/**
 * Starts a long-lived trigger under a real TriggerContext. In 'trigger' mode emits
 * are recorded; in 'manual' mode the first emit resolves `firstEmit`, as n8n's
 * manual run does (n8n swaps `emit` on the same context object after trigger()).
 */
export async function startTrigger(
	env: TriggerEnv,
	mode: 'trigger' | 'manual' = 'trigger',
): Promise<RunningTrigger & { firstEmit: Promise<INodeExecutionData[][]> }> {
	const emitted: INodeExecutionData[][][] = [];
	const done: Array<Deferred<IRun> | undefined> = [];
	const errors: Error[] = [];
	const failedExecutions: Error[] = [];
	let resolveFirst!: (data: INodeExecutionData[][]) => void;
	let rejectFirst!: (error: Error) => void;
	const firstEmit = new Promise<INodeExecutionData[][]>((resolve, reject) => {
		resolveFirst = resolve;
		rejectFirst = reject;
	});
	firstEmit.catch(() => undefined);
	const context = new TriggerContext(
		env.workflow,
		env.node,
		env.additionalData,
		mode,
		mode === 'manual' ? 'manual' : 'activate',
		(data, _responsePromise, donePromise) => {
			emitted.push(data);
			done.push(donePromise);
			resolveFirst(data);
		},
		(error) => {
			errors.push(error);
			rejectFirst(error);
		},
		(error) => {
			failedExecutions.push(error as Error);
		},
	);
	if (!env.nodeType.trigger) throw new Error('Node has no trigger()');
	const response = (await env.nodeType.trigger.call(context)) ?? {};
	if (mode === 'manual' && response.manualTriggerFunction) {
		void response.manualTriggerFunction().catch((error: Error) => rejectFirst(error));
	}
	return {
		response,
		emitted,
		done,
		errors,
		failedExecutions,
		firstEmit,
		close: async () => {
			await response.closeFunction?.();
		},
	};
}

/**
 * A real LoadOptionsContext for a node's `methods.loadOptions` / `methods.listSearch`
 * (what the editor calls to fill dropdowns), with the node's current parameters, as the
 * editor sends them, and the path of the parameter being filled (for `&sibling` lookups
 * inside a fixedCollection, e.g. `parameters.conditions.condition[0].filter_operator`).
 */
export function loadOptionsContext(options: TriggerEnvOptions, path = ''): ILoadOptionsFunctions {
	const env = createTriggerEnv(options);
	const additionalData = { ...env.additionalData, currentNodeParameters: options.parameters } as IWorkflowExecuteAdditionalData;
	return new LoadOptionsContext(env.workflow, env.node, additionalData, path);
}
