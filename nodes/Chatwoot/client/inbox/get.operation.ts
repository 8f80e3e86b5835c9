import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { withDisplayOptions } from '../../../shared/n8n/parameters';
import { clientRequest, clientSession } from '../../transport/clientApi';

export const description = withDisplayOptions({ show: { resource: ['inbox'], operation: ['get'] } }, [
	{
		displayName:
			"The inbox of the credential as customers see it: name, timezone, working hours, whether identity validation (HMAC) is enforced, CSAT and greeting settings.",
		name: 'inboxNotice',
		type: 'notice',
		default: '',
	},
]);

/**
 * Public::Api::V1::InboxesController#show (Chatwoot 4.15.1): `identifier`,
 * `identity_validation_enabled` (the channel's hmac_mandatory) and the public inbox
 * view (name, timezone, working_hours, working_hours_enabled, csat_survey_enabled,
 * greeting_enabled).
 */
export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const session = await clientSession.call(this, itemIndex);
	return (await clientRequest.call(this, session, { path: session.inboxPath }, { method: 'GET' }, itemIndex)) as IDataObject;
}
