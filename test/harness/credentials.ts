import type {
	ICredentialDataDecryptedObject,
	ICredentialType,
	IHttpRequestHelper,
	IHttpRequestOptions,
	INode,
	INodeCredentialsDetails,
	INodeProperties,
	IRequestOptionsSimplified,
	IWorkflowExecuteAdditionalData,
} from 'n8n-workflow';
import { ICredentials, ICredentialsHelper } from 'n8n-workflow';

import { ChatwootApi } from '../../credentials/ChatwootApi.credentials';
import { ChatwootClientApi } from '../../credentials/ChatwootClientApi.credentials';
import { ChatwootPlatformApi } from '../../credentials/ChatwootPlatformApi.credentials';

/** Every credential type of the package, by name. Later credentials register here too. */
export const credentialTypes: Record<string, ICredentialType> = {};
for (const type of [new ChatwootApi(), new ChatwootClientApi(), new ChatwootPlatformApi()] as ICredentialType[]) {
	credentialTypes[type.name] = type;
}

export function registerCredentialType(type: ICredentialType) {
	credentialTypes[type.name] = type;
}

/** Resolves the `={{$credentials.x}}` templates used by generic `authenticate` blocks. */
export function resolveCredentialTemplate(value: unknown, credentials: ICredentialDataDecryptedObject): unknown {
	if (typeof value !== 'string' || !value.startsWith('=')) return value;
	return value.slice(1).replace(/\{\{\s*\$credentials\.(\w+)\s*\}\}/g, (_m, key: string) => String(credentials[key] ?? ''));
}

class StoredCredentials extends ICredentials {
	constructor(
		details: INodeCredentialsDetails,
		type: string,
		private stored: ICredentialDataDecryptedObject,
	) {
		super(details, type);
	}
	async getData() {
		return this.stored;
	}
	getDataToSave() {
		return { id: this.id, name: this.name, type: this.type, data: JSON.stringify(this.stored) };
	}
	async setData(data: ICredentialDataDecryptedObject) {
		this.stored = data;
	}
	async updateData(toUpdate: Partial<ICredentialDataDecryptedObject>) {
		this.stored = { ...this.stored, ...toUpdate } as ICredentialDataDecryptedObject;
	}
}

/**
 * An in-memory stand-in for n8n's CredentialsHelper (which lives in the n8n CLI
 * package): it applies each credential type's `authenticate` (generic templates or
 * function) and runs `preAuthentication` with the semantics of n8n 2.41 — when the
 * expirable field is empty, or after a request failed with the retry status — and
 * persists what it returns, as n8n does.
 */
export class TestCredentialsHelper extends ICredentialsHelper {
	/** Stored credential data by type; updated by preAuthentication like n8n's DB row. */
	readonly store: Record<string, ICredentialDataDecryptedObject>;
	/** How many times preAuthentication ran, per type. */
	readonly preAuthCalls: Record<string, number> = {};

	constructor(store: Record<string, ICredentialDataDecryptedObject>) {
		super();
		this.store = store;
	}

	getParentTypes(): string[] {
		return [];
	}

	isCredentialUsableByNode(): boolean {
		return true;
	}

	async authenticate(
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		requestOptions: IHttpRequestOptions | IRequestOptionsSimplified,
	): Promise<IHttpRequestOptions> {
		const type = credentialTypes[typeName];
		if (!type) throw new Error(`Unknown credential type ${typeName}`);
		const options = requestOptions as IHttpRequestOptions;
		if (typeof type.authenticate === 'function') {
			return await type.authenticate(credentials, options);
		}
		if (type.authenticate && type.authenticate.type === 'generic') {
			const result = { ...options } as unknown as Record<string, Record<string, unknown>>;
			for (const [outer, inner] of Object.entries(type.authenticate.properties)) {
				result[outer] = { ...(result[outer] ?? {}) };
				for (const [key, value] of Object.entries(inner as Record<string, unknown>)) {
					result[outer][key] = resolveCredentialTemplate(value, credentials);
				}
			}
			return result as unknown as IHttpRequestOptions;
		}
		return options;
	}

	async preAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
		_node: INode,
		credentialsExpired: boolean,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = credentialTypes[typeName];
		const expirable = type?.properties.find((p) => p.type === 'hidden' && p.typeOptions?.expirable === true);
		if (!type?.preAuthentication || !expirable) return undefined;
		if (credentials[expirable.name] !== '' && credentials[expirable.name] !== undefined && !credentialsExpired) {
			return undefined;
		}
		this.preAuthCalls[typeName] = (this.preAuthCalls[typeName] ?? 0) + 1;
		const output = await type.preAuthentication.call(helpers, credentials);
		if (output[expirable.name] === undefined) {
			throw new Error('The property returned from preAuthentication is not the expected expirable property');
		}
		Object.assign(credentials, output);
		this.store[typeName] = { ...this.store[typeName], ...output } as ICredentialDataDecryptedObject;
		return credentials;
	}

	async runPreAuthentication(
		helpers: IHttpRequestHelper,
		credentials: ICredentialDataDecryptedObject,
		typeName: string,
	): Promise<ICredentialDataDecryptedObject | undefined> {
		const type = credentialTypes[typeName];
		if (!type?.preAuthentication) return undefined;
		return (await type.preAuthentication.call(helpers, credentials)) as ICredentialDataDecryptedObject;
	}

	async getCredentials(details: INodeCredentialsDetails, type: string): Promise<ICredentials> {
		return new StoredCredentials(details, type, this.data(type));
	}

	async getDecrypted(
		_additionalData: IWorkflowExecuteAdditionalData,
		_details: INodeCredentialsDetails,
		type: string,
	): Promise<ICredentialDataDecryptedObject> {
		return { ...this.data(type) };
	}

	async updateCredentials(_details: INodeCredentialsDetails, type: string, data: ICredentialDataDecryptedObject) {
		this.store[type] = { ...data };
	}

	async updateCredentialsOauthTokenData() {}

	getCredentialsProperties(type: string): INodeProperties[] {
		return credentialTypes[type]?.properties ?? [];
	}

	private data(type: string): ICredentialDataDecryptedObject {
		const data = this.store[type];
		if (!data) throw new Error(`No test credentials of type ${type}`);
		const defaults: ICredentialDataDecryptedObject = {};
		for (const property of credentialTypes[type]?.properties ?? []) {
			if (property.type !== 'notice') defaults[property.name] = property.default as never;
		}
		return { ...defaults, ...data };
	}
}
