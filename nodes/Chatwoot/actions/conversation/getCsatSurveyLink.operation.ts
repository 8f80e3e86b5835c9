import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';
import { NodeApiError, NodeOperationError } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { accountRecord } from '../../helpers/account';
import { conversationLocator, idParameter } from '../../helpers/fields';
import { normalizeChatwootBaseUrl } from '../../transport/baseUrl';
import { chatwootRequest } from '../../transport/request';

export const description = withDisplayOptions({ show: { resource: ['conversation'], operation: ['getCsatSurveyLink'] } }, [
	conversationLocator(),
	{
		displayName:
			"The link of Chatwoot's own satisfaction survey page for this conversation, to send through another channel (email, SMS). The contact can answer it once Chatwoot has sent the survey (inbox with CSAT on, conversation resolved).",
		name: 'csatNotice',
		type: 'notice',
		default: '',
	},
]);

/**
 * The CSAT survey page, `GET /survey/responses/:conversation_uuid` (Chatwoot 4.15.1
 * Survey::ResponsesController, routed only when CW_API_ONLY_SERVER is off). The
 * conversation's uuid comes from the conversation; the page is requested once so a
 * link that cannot work is reported here rather than by the contact.
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = idParameter.call(this, 'conversationId', itemIndex, 'Conversation ID');
	const conversation = await accountRecord.call(this, itemIndex, { method: 'GET', path: `/conversations/${id}` });
	const uuid = String(conversation.uuid ?? '');
	if (!uuid) {
		throw new NodeOperationError(this.getNode(), `Chatwoot returned conversation ${id} without its uuid`, { itemIndex });
	}
	const path = `/survey/responses/${encodeURIComponent(uuid)}`;
	await chatwootRequest.call(this, { method: 'GET', path, itemIndex }).catch((error: unknown) => {
		if (!(error instanceof NodeApiError && error.httpCode === '404')) throw error;
		throw new NodeOperationError(this.getNode(), 'This Chatwoot installation serves no survey page', {
			itemIndex,
			description: `GET ${path} answered 404: Chatwoot routes /survey only when it runs with its dashboard (CW_API_ONLY_SERVER not set).`,
		});
	});
	const { baseUrl } = await this.getCredentials('chatwootApi', itemIndex);
	return { conversation_id: id, uuid, survey_url: `${normalizeChatwootBaseUrl(baseUrl)}${path}` };
}
