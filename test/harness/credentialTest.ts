import { CredentialTestContext, ExecuteContext, RoutingNode } from 'n8n-core';
import type {
	ICredentialDataDecryptedObject,
	ICredentialsDecrypted,
	ICredentialTestFunction,
	ICredentialType,
	IExecuteData,
	IHttpRequestHelper,
	INode,
	INodeType,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { createRunExecutionData, Workflow } from 'n8n-workflow';

import { ChatApp } from '../../nodes/ChatApp/ChatApp.node';
import { ChatAppRealtimeTrigger } from '../../nodes/ChatApp/ChatAppRealtimeTrigger.node';
import { ChatAppTrigger } from '../../nodes/ChatApp/ChatAppTrigger.node';
import { Chatwoot } from '../../nodes/Chatwoot/Chatwoot.node';
import { ChatwootClient } from '../../nodes/Chatwoot/ChatwootClient.node';
import { ChatwootPlatform } from '../../nodes/Chatwoot/ChatwootPlatform.node';
import { ChatwootRealtimeTrigger } from '../../nodes/Chatwoot/ChatwootRealtimeTrigger.node';
import { ChatwootTrigger } from '../../nodes/Chatwoot/ChatwootTrigger.node';

import { credentialTypes, registerCredentialType, TestCredentialsHelper } from './credentials';
import { nodeTypesOf } from './workflow';

/** The package's node types, where n8n looks for a credential's `testedBy` function. */
export function packageNodeTypes(): INodeType[] {
	return [
		new Chatwoot(),
		new ChatwootClient(),
		new ChatwootPlatform(),
		new ChatwootTrigger(),
		new ChatwootRealtimeTrigger(),
		new ChatApp(),
		new ChatAppTrigger(),
		new ChatAppRealtimeTrigger(),
	];
}

/**
 * What n8n 2.41's CredentialsTester.getCredentialTestFunction finds: the type's own
 * `test` first, else the `methods.credentialTest[testedBy]` of a node that uses it.
 */
export function credentialTestFunction(typeName: string, nodes: INodeType[] = packageNodeTypes()): ICredentialTestFunction | undefined {
	for (const nodeType of nodes) {
		for (const { name, testedBy } of nodeType.description.credentials ?? []) {
			if (name === typeName && typeof testedBy === 'string') {
				return (nodeType.methods?.credentialTest as Record<string, ICredentialTestFunction> | undefined)?.[testedBy];
			}
		}
	}
	return undefined;
}

/**
 * Runs a credential type's `test` request the way n8n's CredentialsTester does
 * (n8n 2.41 `credentials-tester.service.js`): a temporary `n8n-nodes-base.noOp`
 * node whose one property routes `type.test.request`, executed by n8n-core's
 * RoutingNode with the decrypted credential; failures are mapped through the
 * `responseCode` rules, `responseSuccessBody` rules are checked on success.
 */

export interface CredentialTestOutcome {
	status: 'OK' | 'Error';
	message: string;
}

export const NO_OP_NODE_TYPE = 'n8n-nodes-base.noOp';

/**
 * n8n's CredentialsHelper runs preAuthentication during a credential test even when
 * the expirable field is filled: it recognises the test by the temporary noOp node
 * with `parameters.temp === ''`.
 */
class CredentialTestHelper extends TestCredentialsHelper {
	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const isTestingCredentials = node?.parameters?.temp === '' && node?.type === NO_OP_NODE_TYPE;
		return await super.preAuthentication(helpers, credentials, typeName, node, credentialsExpired || isTestingCredentials);
	}
}

function withDefaults(type: ICredentialType, data: ICredentialDataDecryptedObject): ICredentialDataDecryptedObject {
	const defaults: ICredentialDataDecryptedObject = {};
	for (const property of type.properties) {
		if (property.type !== 'notice') defaults[property.name] = property.default as never;
	}
	return { ...defaults, ...data };
}

function get(object: unknown, path: string): unknown {
	return path.split('.').reduce<unknown>((value, key) => (value && typeof value === 'object' ? (value as Record<string, unknown>)[key] : undefined), object);
}

function testAdditionalData(helper: TestCredentialsHelper): IWorkflowExecuteAdditionalData {
	return {
		credentialsHelper: helper,
		executionId: 'credential-test',
		restApiUrl: 'http://127.0.0.1:5678/rest',
		instanceBaseUrl: 'http://127.0.0.1:5678',
		webhookBaseUrl: 'http://127.0.0.1:5678/webhook',
		webhookWaitingBaseUrl: 'http://127.0.0.1:5678/webhook-waiting',
		webhookTestBaseUrl: 'http://127.0.0.1:5678/webhook-test',
		formWaitingBaseUrl: 'http://127.0.0.1:5678/form-waiting',
		variables: {},
		userId: 'user-1',
	} as unknown as IWorkflowExecuteAdditionalData;
}

export async function testCredential(
	type: ICredentialType,
	data: ICredentialDataDecryptedObject,
): Promise<CredentialTestOutcome & { helper: TestCredentialsHelper; error?: Error }> {
	if (!credentialTypes[type.name]) registerCredentialType(type);
	const helper = new CredentialTestHelper({ [type.name]: withDefaults(type, data) });
	if (!type.test) {
		const run = credentialTestFunction(type.name);
		if (!run) return { status: 'Error', message: 'No testing function found for this credential.', helper };
		const context = new CredentialTestContext(testAdditionalData(helper));
		const result = await run.call(context, { id: 'cred-under-test', name: 'Credential under test', type: type.name, data: withDefaults(type, data) });
		return { status: result.status, message: result.message, helper };
	}
	const testRequest = type.test;

	const nodeType = {
		description: {
			displayName: 'No Operation, do nothing',
			name: NO_OP_NODE_TYPE,
			group: ['organization'],
			version: 1,
			description: 'No Operation',
			defaults: { name: 'No Operation, do nothing' },
			inputs: ['main'],
			outputs: ['main'],
			credentials: [{ name: type.name, required: true }],
			properties: [
				{ displayName: 'Temp', name: 'temp', type: 'string', routing: { request: testRequest.request }, default: '' },
			],
		},
	} as unknown as INodeType;
	const node: INode = {
		id: 'temp',
		name: 'Temp-Node',
		type: NO_OP_NODE_TYPE,
		typeVersion: 1,
		position: [0, 0],
		parameters: { temp: '' },
		credentials: { [type.name]: { id: 'cred-under-test', name: 'Credential under test' } },
	};
	const workflow = new Workflow({
		id: 'credential-test',
		nodes: [node],
		connections: {},
		active: false,
		nodeTypes: nodeTypesOf({ [NO_OP_NODE_TYPE]: nodeType }),
	});
	const additionalData = testAdditionalData(helper);
	const inputData = { main: [[{ json: {} }]] };
	const executeData: IExecuteData = { node, data: {}, source: null };
	const runExecutionData = createRunExecutionData();
	const context = new ExecuteContext(workflow, node, additionalData, 'internal', runExecutionData, 0, [], inputData, executeData, []);
	const credentialsDecrypted: ICredentialsDecrypted = {
		id: 'cred-under-test',
		name: 'Credential under test',
		type: type.name,
		data: withDefaults(type, data),
	};
	const routingNode = new RoutingNode(context, nodeType, credentialsDecrypted);

	let response: unknown;
	try {
		response = await routingNode.runNode();
	} catch (caught) {
		const error = caught as Error & { cause?: { response?: { status: number; statusText?: string }; code?: string } };
		if (error.cause?.response) {
			const statusCode = error.cause.response.status;
			for (const rule of testRequest.rules ?? []) {
				if (rule.type === 'responseCode' && statusCode === rule.properties.value) {
					return { status: 'Error', message: rule.properties.message, helper, error };
				}
			}
			if (statusCode < 199 || statusCode > 299) {
				return {
					status: 'Error',
					message: error.cause.response.statusText || `Received HTTP status code: ${statusCode}`,
					helper,
					error,
				};
			}
		} else if (error.cause?.code) {
			return { status: 'Error', message: error.cause.code, helper, error };
		}
		return { status: 'Error', message: error.message, helper, error };
	}

	if (testRequest.rules && Array.isArray(response)) {
		for (const rule of testRequest.rules) {
			if (rule.type === 'responseSuccessBody') {
				const json = (response as Array<Array<{ json: unknown }>>)[0]?.[0]?.json;
				if (get(json, rule.properties.key) === rule.properties.value) {
					return { status: 'Error', message: rule.properties.message, helper };
				}
			}
		}
	}
	return { status: 'OK', message: 'Connection successful!', helper };
}
