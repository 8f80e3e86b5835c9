import type { IDataObject, INode, ITriggerFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { markFatal } from '../../shared/actioncable';
import { clientInboxPath, identifierHash } from '../transport/clientApi';
import { chatwootRequest } from '../transport/request';

import type { RestLimits } from './rest';

/**
 * Identity validation on the Client API contact endpoints (show, create): Chatwoot's
 * Public::Api::V1::Inboxes::ContactsController#process_hmac (97bb8ecd3) checks
 * `identifier_hash == HMAC-SHA256(inbox hmac_token, identifier)` whenever a hash is sent
 * or the inbox has `hmac_mandatory`, and raises (HTTP 500) otherwise. The fields to
 * send, or nothing when the credential has no HMAC token or there is no identifier.
 */
export function hmacFields(hmacToken: string | undefined, identifier: string | undefined): IDataObject | undefined {
	const hash = identifierHash(hmacToken, identifier?.trim());
	return hash ? { identifier: identifier!.trim(), identifier_hash: hash } : undefined;
}

/**
 * A 5xx from a contact call is Chatwoot's answer to a failed or missing identifier hash
 * when the inbox demands one (`identity_validation_enabled` of `GET /public/api/v1/inboxes/{id}`):
 * then it is permanent and says what to set. Anything else is returned unchanged (transient).
 */
export async function explainContactFailure(
	this: ITriggerFunctions,
	error: unknown,
	context: { inboxIdentifier: string; hashSent: boolean; hasToken: boolean; limits?: RestLimits },
): Promise<unknown> {
	if (!(error instanceof NodeApiError) || Number(error.httpCode) < 500) return error;
	let mandatory: boolean | undefined;
	try {
		const inbox = (await chatwootRequest.call(this, {
			method: 'GET',
			path: clientInboxPath(context.inboxIdentifier),
			credentialType: 'chatwootClientApi',
			...context.limits,
			maxRetries: 0,
		})) as IDataObject;
		mandatory = inbox?.identity_validation_enabled === true;
	} catch {
		return error;
	}
	const node: INode = this.getNode();
	if (context.hashSent) {
		return markFatal(
			new NodeOperationError(node, 'Chatwoot rejected the identifier hash (HMAC) of the contact', {
				description: `Chatwoot answered ${String(error.httpCode)} to the contact request with identifier_hash. The HMAC Token of the Chatwoot Client API credential must be the inbox's (Settings → Inboxes → your API inbox → Configuration → Identity validation), and Identifier must be the contact's identifier exactly.`,
			}),
		);
	}
	if (!mandatory) return error;
	return markFatal(
		new NodeOperationError(node, 'This inbox requires identity validation (HMAC), but no identifier hash can be sent', {
			description: context.hasToken
				? 'Fill "Identifier" with the contact\'s identifier: the trigger then sends identifier_hash computed with the credential\'s HMAC Token.'
				: 'Set the inbox\'s HMAC token (Chatwoot → Settings → Inboxes → your API inbox → Configuration → Identity validation) as HMAC Token in the Chatwoot Client API credential, and fill "Identifier" with the contact\'s identifier.',
		}),
	);
}
