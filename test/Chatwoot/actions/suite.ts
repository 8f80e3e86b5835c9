import { Chatwoot } from '../../../nodes/Chatwoot/Chatwoot.node';
import { loadOptionsContext } from '../../harness/contexts';
import { runNode, type RunNodeOptions } from '../../harness/workflow';
import { FakeChatwoot } from '../../servers/chatwoot/server';

export const node = new Chatwoot();

/**
 * One Chatwoot-like server per test, every request checked against the OpenAPI
 * contract after the test; `run` executes the Chatwoot node in a real workflow run.
 */
export function chatwootSuite(resource: string) {
	const suite = {
		cw: undefined as unknown as FakeChatwoot,
		run(parameters: Record<string, unknown>, extra: Partial<RunNodeOptions> = {}) {
			return runNode({ nodeType: node, parameters: { resource, ...parameters } as never, credentials: { chatwootApi: suite.cw.credentials() }, ...extra });
		},
		/** A LoadOptionsContext as the editor builds it for these parameters. */
		options(parameters: Record<string, unknown> = {}, path = '') {
			return loadOptionsContext({ nodeType: node, parameters: { resource, ...parameters } as never, credentials: { chatwootApi: suite.cw.credentials() } }, path);
		},
	};
	beforeEach(async () => {
		suite.cw = await FakeChatwoot.start();
	});
	afterEach(async () => {
		expect(suite.cw.violations).toEqual([]);
		await suite.cw.stop();
	});
	return suite;
}
