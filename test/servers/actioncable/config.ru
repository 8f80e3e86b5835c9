# A Chatwoot-like ActionCable server for tests: Debian's ruby-actioncable (6.1, the
# same wire protocol as Chatwoot's 7.1) behind puma, with a RoomChannel that behaves
# like app/channels/room_channel.rb, plus /_test/* endpoints for the test to drive it.
#
# Start: CABLE_FIXTURE=/path/fixture.json puma -b tcp://127.0.0.1:PORT config.ru
# The fixture (optional) is {"users":[{pubsub_token,id,accounts:[ids]}],
# "contacts":[{pubsub_token,account_id}]} so a restarted server knows the same tokens.
require 'json'
require 'logger'
require 'set'
require 'action_cable'

$LOAD_PATH.unshift(__dir__)
require 'room_channel'

FakeState.load(ENV['CABLE_FIXTURE'])

ActionCable.server.config.cable = { 'adapter' => 'async' }
ActionCable.server.config.connection_class = -> { ApplicationCable::Connection }
ActionCable.server.config.disable_request_forgery_protection = true
ActionCable.server.config.worker_pool_size = 4
ActionCable.server.config.logger = Logger.new($stderr, level: (ENV['CABLE_LOG'] ? Logger::DEBUG : Logger::WARN))

# Test control API. Every endpoint takes and returns JSON.
class TestControl
	def call(env)
		req = Rack::Request.new(env)
		body = req.post? ? (JSON.parse(req.body.read) rescue {}) : {}
		case [req.request_method, req.path_info]
		when ['GET', '/state']
			json(FakeState.snapshot.merge(connections: ActionCable.server.connections.size))
		when ['POST', '/users']
			FakeState.add_user(body)
			json(ok: true)
		when ['POST', '/contacts']
			FakeState.add_contact(body)
			json(ok: true)
		when ['POST', '/broadcast']
			# {stream, event, data} or {stream, message} for a raw message
			message = body.key?('message') ? body['message'] : { event: body['event'], data: body['data'] }
			ActionCable.server.broadcast(body['stream'], message)
			json(ok: true)
		when ['POST', '/disconnect']
			# Sends {"type":"disconnect","reason":…,"reconnect":…} to every connection, then closes it.
			reconnect = body.key?('reconnect') ? body['reconnect'] : true
			reason = body['reason'] || 'remote'
			closed = ActionCable.server.connections.dup.each { |c| c.close(reason: reason, reconnect: reconnect) }
			json(closed: closed.size)
		when ['POST', '/restart']
			# ActionCable's own restart: disconnect frames with reason server_restart.
			count = ActionCable.server.connections.size
			ActionCable.server.restart
			json(closed: count)
		when ['POST', '/mute']
			# Half-open connection: the current connections get nothing more (no pings,
			# no broadcasts) while their sockets stay open. New connections are normal.
			ids = ActionCable.server.connections.map(&:object_id)
			FakeState.mute(ids)
			json(muted: ids.size)
		else
			[404, { 'Content-Type' => 'application/json' }, ['{"error":"not found"}']]
		end
	end

	private

	def json(value)
		[200, { 'Content-Type' => 'application/json' }, [JSON.generate(value)]]
	end
end

map '/cable' do
	run ActionCable.server
end

map '/_test' do
	run TestControl.new
end
