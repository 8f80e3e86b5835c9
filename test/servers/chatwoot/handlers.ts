import { registerAccount } from './handlers/account';
import { registerAgentBotHandlers } from './handlers/agentBots';
import { registerContacts } from './handlers/contacts';
import { registerConversations } from './handlers/conversations';
import { registerHelpCenter } from './handlers/helpCenter';
import { registerInboxes } from './handlers/inboxes';
import { registerPlatform } from './handlers/platform';
import { registerPublicApi } from './handlers/public';
import { registerReports } from './handlers/reports';
import { registerSettings } from './handlers/settings';
import type { FakeChatwoot } from './server';

/** Default Chatwoot behaviour for every endpoint the package uses, one file per area. */
export function registerDefaultHandlers(fake: FakeChatwoot) {
	registerAccount(fake);
	registerContacts(fake);
	registerConversations(fake);
	registerInboxes(fake);
	registerSettings(fake);
	registerHelpCenter(fake);
	registerAgentBotHandlers(fake);
	registerPublicApi(fake);
	registerReports(fake);
	registerPlatform(fake);
}
