import type { IDataObject, IExecuteFunctions } from 'n8n-workflow';

import { withDisplayOptions } from '../../shared/n8n/parameters';
import { idProperty, idValue, resourceRequest } from '../actions/resource';

import { platformUser, userId } from './resources';

/**
 * UsersController#login (Chatwoot 4.15.1): `{url}`, FRONTEND_URL/app/login?email=…&sso_auth_token=…,
 * a one-time token valid for 5 minutes (SsoAuthenticatable#generate_sso_auth_token).
 */
export const description = withDisplayOptions({ show: { resource: ['user'], operation: ['getLoginLink'] } }, [
	idProperty(userId),
	{
		displayName: 'The link signs the user in without a password, once, within 5 minutes: hand it over straight away (a redirect, an email), do not store it',
		name: 'loginNotice',
		type: 'notice',
		default: '',
	},
]);

export async function execute(this: IExecuteFunctions, itemIndex: number): Promise<IDataObject> {
	const id = idValue.call(this, userId, itemIndex);
	const answer = (await resourceRequest.call(this, platformUser, itemIndex, { method: 'GET', suffix: `/${id}/login` })) as IDataObject;
	return { id: Number(id), url: answer.url, expires_at: new Date(Date.now() + 5 * 60 * 1000).toISOString() };
}
