require 'json'
require 'set'
require 'action_cable'

# In-memory "database" of the fake Chatwoot: user and contact pubsub tokens, plus a
# record of subscriptions and performed actions for the tests to assert on.
module FakeState
	LOCK = Mutex.new
	@users = {}
	@contacts = {}
	@subscriptions = []
	@performs = []
	@muted = Set.new

	class << self
		def load(path)
			return unless path && File.exist?(path)

			fixture = JSON.parse(File.read(path))
			(fixture['users'] || []).each { |u| add_user(u) }
			(fixture['contacts'] || []).each { |c| add_contact(c) }
		end

		def add_user(user)
			LOCK.synchronize { @users[user['pubsub_token']] = user }
		end

		def add_contact(contact)
			LOCK.synchronize { @contacts[contact['pubsub_token']] = contact }
		end

		def user(token)
			LOCK.synchronize { @users[token] }
		end

		def contact(token)
			LOCK.synchronize { @contacts[token] }
		end

		def record_subscription(entry)
			LOCK.synchronize { @subscriptions << entry }
		end

		def record_perform(entry)
			LOCK.synchronize { @performs << entry }
		end

		def mute(ids)
			LOCK.synchronize { @muted.merge(ids) }
		end

		def muted?(id)
			LOCK.synchronize { @muted.include?(id) }
		end

		def snapshot
			LOCK.synchronize { { subscriptions: @subscriptions.dup, performs: @performs.dup, muted: @muted.size } }
		end
	end
end

class RecordNotFound < StandardError; end

module ApplicationCable
	class Connection < ActionCable::Connection::Base
		# /_test/mute: a muted connection transmits nothing (pings included), like a
		# half-open TCP connection the client cannot tell from a live one.
		def transmit(cable_message)
			return if FakeState.muted?(object_id)

			super
		end
	end

	class Channel < ActionCable::Channel::Base; end
end

# Mirrors Chatwoot's app/channels/room_channel.rb: the role comes from the presence
# of user_id; unknown tokens raise inside `subscribed` (find_by! in Chatwoot), which
# ActionCable answers with silence: no confirm_subscription, no reject_subscription.
class RoomChannel < ApplicationCable::Channel
	def subscribed
		@pubsub_token = params[:pubsub_token]
		if params[:user_id].to_s.empty?
			contact = FakeState.contact(@pubsub_token) or raise RecordNotFound, 'ContactInbox not found'
			@account_id = contact['account_id']
			@role = 'contact'
		else
			user = FakeState.user(@pubsub_token)
			raise RecordNotFound, 'User not found' unless user && user['id'].to_s == params[:user_id].to_s
			raise RecordNotFound, 'Account not found' unless (user['accounts'] || []).map(&:to_s).include?(params[:account_id].to_s)

			@account_id = params[:account_id].to_i
			@role = 'user'
		end
		stream_from @pubsub_token
		stream_from "account_#{@account_id}" if @role == 'user'
	end

	def update_presence
		FakeState.record_perform('action' => 'update_presence', 'role' => @role, 'account_id' => @account_id)
		broadcast_presence
	end

	private

	# Chatwoot broadcasts presence at the end of `subscribed`; with the async adapter the
	# streams are not registered yet at that point, so the fake does it once the
	# confirmation (sent only when every stream is live) has gone out. The recorded
	# subscription therefore means "confirmed and streaming".
	def transmit_subscription_confirmation
		already = subscription_confirmation_sent?
		super
		return if already

		FakeState.record_subscription('role' => @role, 'account_id' => @account_id, 'params' => params.to_h)
		# This runs inside the pubsub adapter's lock (subscribe success callback): broadcast after it.
		connection.server.event_loop.post { broadcast_presence }
	end

	def broadcast_presence
		data = { account_id: @account_id, users: {} }
		data[:contacts] = {} if @role == 'user'
		ActionCable.server.broadcast(@pubsub_token, { event: 'presence.update', data: data })
	end
end
