/**
 * Generated from openapi/openapi.json by `npm run sdk` (openapi-typescript). Do not edit:
 * change the route schemas, then run `npm run openapi && npm run sdk`.
 */

export interface paths {
    "/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create an account and sign in
         * @description Creates the account and a first session: the answer carries the same tokens as `login`. Passwords are 8–128 characters; the most common ones are refused (`WEAK_PASSWORD`).
         */
        post: operations["register"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with email and password
         * @description Starts a new session. Unknown emails and wrong passwords get the same answer (`INVALID_CREDENTIALS`); attempts are throttled per address and per account (`RATE_LIMITED`).
         */
        post: operations["login"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchange a refresh token for new tokens
         * @description Refresh tokens are single-use. Presenting one that was already exchanged revokes the whole session (every token descended from the same login).
         */
        post: operations["refresh"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * End the session of a refresh token
         * @description Both the refresh token and every access token of its session stop working, and the WebSockets opened with the session close at once (`session_ended`). Unknown tokens are accepted silently.
         */
        post: operations["logout"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The signed-in user
         * @description Your full profile, including your email and settings.
         */
        get: operations["getMe"];
        put?: never;
        post?: never;
        /**
         * Delete your account and end all its sessions
         * @description Removes the account for good and ends every session. Teams you own pass to their longest-standing admin (else member); teams you own with no other member are deleted. Your chat messages are deleted in every team, and your open WebSockets close at once (`session_ended`).
         */
        delete: operations["deleteMe"];
        options?: never;
        head?: never;
        /**
         * Change your display name, units, time zone or stride length
         * @description Send only the fields to change. `timezone` is an IANA name; it decides the local day of your activities from now on.
         */
        patch: operations["updateMe"];
        trace?: never;
    };
    "/users/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Another user's public profile
         * @description Id and display name only; never the email.
         */
        get: operations["getUser"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/teams": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your teams, newest first
         * @description The teams you are a member of, in pages (see the shared `cursor` and `limit` parameters).
         */
        get: operations["listMyTeams"];
        put?: never;
        /**
         * Create a team; you become its owner
         * @description The new team's time zone defaults to yours. The answer includes its join code, which only owners and admins see.
         */
        post: operations["createTeam"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/teams/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A team you belong to
         * @description Members only: anyone else gets `404 TEAM_NOT_FOUND`, as if the team did not exist. The join code is shown to owners and admins.
         */
        get: operations["getTeam"];
        /**
         * Change a team (owner and admins)
         * @description Send only the fields to change. Changing the dates or the daily cap credits members' past days again under the new rules.
         */
        put: operations["updateTeam"];
        post?: never;
        /**
         * Delete a team and all its data for good (owner)
         * @description Deletes the team with its members, route, credits and invitations in one transaction. Owner only.
         */
        delete: operations["deleteTeam"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/teams/{id}/join-code": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Replace the join code (owner and admins); the old one stops working
         * @description Issues a new join code at once; whoever holds the old one can no longer join with it.
         */
        post: operations["rotateJoinCode"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/teams/{id}/invite": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Invite someone by email (owner and admins)
         * @description Sends a single-use link valid for 7 days to the address. Limited per person per hour and per team per day.
         */
        post: operations["inviteToTeam"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/teams/join": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Join a team with its join code or an invitation token
         * @description Joining a team you already belong to changes nothing (200, alreadyMember: true).
         */
        post: operations["joinTeam"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/teams/{id}/leave": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Leave a team
         * @description The owner must hand the team over first (OWNER_MUST_TRANSFER), unless they are the last member: then the team is deleted.
         */
        post: operations["leaveTeam"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/teams/{id}/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Members of a team you belong to, in joining order
         * @description Emails are included for the owner and admins only.
         */
        get: operations["listTeamMembers"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/teams/{id}/members/{userId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a member (owner and admins; nobody removes the owner)
         * @description The member loses access at once. Their credited metres stay in the team's ledger.
         */
        delete: operations["removeTeamMember"];
        options?: never;
        head?: never;
        /**
         * Change a member's role (owner and admins; handing over ownership: owner only)
         * @description Sets `role` to `admin` or `member`; `owner` hands the team over (the previous owner becomes an admin).
         */
        patch: operations["updateTeamMember"];
        trace?: never;
    };
    "/teams/{id}/waypoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The team's route: its waypoints in order, with leg distances
         * @description Waypoints in route order (0…n-1), each with its leg length and the distance from the start, in metres.
         */
        get: operations["listWaypoints"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/waypoints": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add a waypoint to a team's route (owner and admins)
         * @description Without `position` it goes at the end; with one, the waypoints from there on move down a place. The team's goal distance follows.
         */
        post: operations["createWaypoint"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/waypoints/calculate-route": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Leg, cumulative and total great-circle distances of a stored or ad-hoc route
         * @description Pass `teamId` for the team's stored route, or `points` for an ad-hoc one; nothing is stored.
         */
        post: operations["calculateRoute"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/waypoints/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Rename, move or re-place a waypoint (owner and admins)
         * @description Send only the fields to change. A new `position` moves the waypoint and closes up the rest; distances and the team's goal are recomputed.
         */
        put: operations["updateWaypoint"];
        post?: never;
        /**
         * Remove a waypoint (owner and admins); the rest close up
         * @description The waypoints after it move up one place; distances and the team's goal are recomputed.
         */
        delete: operations["deleteWaypoint"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/teams/{id}/waypoints/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Replace the route with a GPX or GeoJSON track (owner and admins)
         * @description Tracks and routes become the line, named points (GPX <wpt>, GeoJSON Point features) are kept by name, and the result is simplified (Douglas–Peucker) to at most `maxWaypoints`. Bodies up to 5 MB.
         */
        post: operations["importRoute"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/activities": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your activities, newest first
         * @description Your own activities with their credits per team, in pages (the shared `cursor` and `limit`), filtered by local day (`from`, `to`), `type` or `teamId`.
         */
        get: operations["listActivities"];
        put?: never;
        /**
         * Log an activity; it credits every team whose dates include its local day
         * @description Send an `Idempotency-Key` header to retry safely. What exceeds a plausibility limit is capped, and the ledger says why.
         */
        post: operations["logActivity"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/activities/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload up to 500 activities from HealthKit / Health Connect
         * @description Each item stands alone: the response says per item whether it was created, a duplicate (by clientId or source + externalId, so a retried batch credits nothing twice) or rejected, and why.
         */
        post: operations["syncActivities"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/activities/ledger": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The score ledger: raw and credited metres per activity, and why they differ
         * @description Members see their own lines; the owner and admins see the whole team's.
         */
        get: operations["getScoreLedger"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/activities/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete one of your activities; its credits go with it
         * @description The activity's credits are withdrawn and its day recomputed, which can give room under a cap back to other activities of that day.
         */
        delete: operations["deleteActivity"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/teams/{id}/progress": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * How far the team has come along its route, its pace and each member's part
         * @description Recomputed by the aggregation worker after every change (typically well under a second after the change is accepted); `computedAt` says when.
         */
        get: operations["getTeamProgress"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/teams/{id}/progress.svg": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A picture of the route with the team's position, as SVG sized for a phone
         * @description Self-contained SVG (no map tiles or other external resources). Distances in the caller's units.
         */
        get: operations["getTeamProgressPicture"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/teams/{id}/leaderboard": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The team's current members by credited distance
         * @description Members only. Current members, most credited metres first; `limit` caps the list (no further pages).
         */
        get: operations["getTeamLeaderboard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/leaderboards/teams": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Teams by percent complete: every public team and your own
         * @description Every public team and the teams you belong to (`isMember`), furthest along first; private teams never show to others. `limit` caps the list.
         */
        get: operations["getTeamsLeaderboard"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your notifications, newest first
         * @description In-app notifications are yours alone: invitations accepted, members joining, waypoints and milestones reached, weekly reports ready. `?unread=true` lists only the unread ones; pages follow `meta.nextCursor`.
         */
        get: operations["listNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications/unread-count": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * How many of your notifications are unread (for a badge)
         * @description Cheap to poll; clients holding a socket get a `notification` event instead.
         */
        get: operations["countUnreadNotifications"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark one of your notifications read
         * @description Someone else's notification is NOTIFICATION_NOT_FOUND, as if it did not exist. Marking it again keeps the first read time.
         */
        post: operations["markNotificationRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/notifications/read-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark all your notifications read
         * @description Only your own; answers how many changed.
         */
        post: operations["markAllNotificationsRead"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/users/me/notification-preferences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Which notifications you get, on which channel; quiet hours; the daily digest
         * @description Per type and channel (in-app, email). During quiet hours, in your own time zone, emails wait until they end; in-app notifications arrive at once.
         */
        get: operations["getNotificationPreferences"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change some of your notification preferences
         * @description Only what you send changes. `quietHours: null` turns quiet hours off.
         */
        patch: operations["updateNotificationPreferences"];
        trace?: never;
    };
    "/unsubscribe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The page an email's unsubscribe link opens: it asks before anything changes
         * @description Public: the signed link is the credential. Opening it (as link scanners do) changes nothing; the page's button posts the form below.
         */
        get: operations["showUnsubscribe"];
        put?: never;
        /**
         * Unsubscribe from one type of email (RFC 8058 one-click, or the confirmation page's form)
         * @description Mail clients POST `List-Unsubscribe=One-Click` as application/x-www-form-urlencoded to the List-Unsubscribe URL. Public: the signed link is the credential.
         */
        post: operations["unsubscribe"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/teams/{id}/reports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The team's weekly reports, newest week first
         * @description One report per ISO week, made on Monday morning in the team's time zone; members only.
         */
        get: operations["listTeamReports"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/reports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One weekly report as JSON, CSV or HTML (with a chart)
         * @description Choose with `?format=` or the Accept header (`application/json`, `text/csv`, `text/html`). CSV: one row per person in metres and a total; text starting with = + - @ is prefixed with an apostrophe. HTML: self-contained (inline SVG chart, no external resources), in your units, readable on a phone and printable.
         */
        get: operations["getReport"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/integrations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Your fitness-tracker connections and their sync health
         * @description Every provider slot (Google Health, Strava; Garmin is listed but cannot be connected), with your connection to it, when it last synced, its last error, and a warning after 36 h without a successful sync.
         */
        get: operations["listIntegrations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/integrations/{provider}/connect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start connecting a provider: returns the authorization URL to open
         * @description OAuth 2.0 authorization code flow, with PKCE (S256) where the provider supports it (Google). The URL carries a `state` bound to you, usable once, for 10 minutes. Connecting again replaces the earlier tokens.
         */
        post: operations["connectIntegration"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/integrations/{provider}/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Where the provider sends the browser back after consent
         * @description Exchanges the code (with the PKCE verifier) for tokens, stored encrypted, and starts the first sync. An unknown, used or expired state is `OAUTH_STATE_INVALID` (`details.reason`); refused consent is `OAUTH_DENIED`. A bearer token is optional: the single-use `state` names who connects; when a token is sent it must be that person's.
         */
        get: operations["integrationCallback"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/integrations/{provider}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Disconnect a provider: revokes our access and says what happened to its imported activities
         * @description Revokes the tokens at the provider (the connection ends here even if the provider cannot be reached) and forgets them. Imported activities are deleted for Strava (its API agreement) and kept for the others unless `?activities=delete`; deleted ones stop crediting and their days are credited again, so team progress moves back.
         */
        delete: operations["disconnectIntegration"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/integrations/source-priority": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Which whole-day step total counts when several sources have one
         * @description Your order of sources (for example the phone before Google Health); without one, the highest total of the day counts. The others are kept in the ledger with reason `superseded_by_source`.
         */
        get: operations["getSourcePriority"];
        /**
         * Set which whole-day step total counts when several sources have one
         * @description Your days of the last 90 days with whole-day totals are credited again at once; older ones when they next change.
         */
        put: operations["setSourcePriority"];
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/integrations/strava/webhook": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Strava push subscription check: echoes hub.challenge
         * @description Called by Strava when the push subscription is created. Public: the `hub.verify_token` must be ours.
         */
        get: operations["stravaWebhookVerify"];
        put?: never;
        /**
         * Strava push events (activity create/update/delete, athlete deauthorization)
         * @description Public (Strava signs nothing): answered at once; the work runs in the sync job, which fetches the activity with its owner's token (the event is unsigned and has no sport type) and believes a deauthorization only once the token stops working. A re-delivery is recognised and changes nothing.
         */
        post: operations["stravaWebhookEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/integrations/google/webhook": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Google Health notifications (a user's steps changed) and Google's endpoint check
         * @description Authentic when `Authorization` is our subscriber's secret (as set in `endpointAuthorization.secret`, or `Bearer <secret>`), or when `X-HEALTHAPI-SIGNATURE` is a valid ECDSA P-256 signature of the body by Google's key (when configured); otherwise 403. `{"type":"verification"}` is Google checking the endpoint: 201. A notification starts one sync of that user's connection; a re-delivery (same `notificationId`) changes nothing.
         */
        post: operations["googleHealthWebhookEvent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/teams/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The team's chat, newest first
         * @description Keyset pages: pass `meta.nextCursor` back as `cursor`. Live messages arrive over the WebSocket as `chat_message` events.
         */
        get: operations["listTeamMessages"];
        put?: never;
        /**
         * Send a message to the team
         * @description Text is stored and returned exactly as sent (plain text, never HTML). With `clientMessageId` a retried send returns the first message (200) instead of sending another. Limited per person per minute (`CHAT_MESSAGES_PER_MINUTE`).
         */
        post: operations["sendTeamMessage"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/teams/{id}/messages/{messageId}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a message (its author, the owner or an admin)
         * @description Subscribers get a `chat_message_deleted` event.
         */
        delete: operations["deleteTeamMessage"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/teams/{id}/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The team's recent live events after a sequence number, oldest first
         * @description The same events the WebSocket pushes, for clients that cannot hold a socket or that resume by polling. At least the last 1,000 events and the last hour of each team are kept; asking for older ones is `410 RESYNC_REQUIRED` (refetch progress, chat and members, then continue from `details.lastSeq`). `meta.nextCursor` is the `after` of the next page, null on the last.
         */
        get: operations["listTeamEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Liveness: the process is up
         * @description For load balancers and container health checks: answers as long as the process runs, without touching any dependency. It takes no parameters: an unknown one is refused with 400 VALIDATION_ERROR.
         */
        get: operations["health"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/ready": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Readiness: the database and DynamoDB answer
         * @description Answers 503 SERVICE_UNAVAILABLE with the state of each dependency in `error.details.checks` when one is down, and while the instance shuts down.
         */
        get: operations["ready"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        Meta: {
            /** Format: date-time */
            timestamp: string;
            /** @example 1.0 */
            version: string;
            /** @description Opaque cursor of the next page; null on the last page. Lists only. */
            nextCursor?: string | null;
        };
        ErrorResponse: {
            /** @enum {boolean} */
            success: false;
            error: {
                /**
                 * @description Stable UPPER_SNAKE error code
                 * @example VALIDATION_ERROR
                 */
                code: string;
                message: string;
                details?: {
                    [key: string]: unknown;
                };
            };
            meta: components["schemas"]["Meta"];
        };
        RegisterBody: {
            /**
             * Format: email
             * @example ada@example.com
             */
            email: string;
            /** @description 8–128 characters; common passwords are refused */
            password: string;
            displayName: string;
            /**
             * Format: iana-timezone
             * @description IANA time zone name; decides which local day an activity falls on
             * @example Europe/London
             */
            timezone?: string;
            /** @description How the apps display distances; the API always speaks metres */
            units?: "metric" | "imperial";
            /** @description Metres per step, used to turn step counts into distance */
            strideLengthMeters?: number;
        };
        LoginBody: {
            email: string;
            /** @description 8–128 characters; common passwords are refused */
            password: string;
        };
        RefreshBody: {
            /** @description The opaque refresh token from register, login or refresh */
            refreshToken: string;
        };
        AuthResult: {
            user: components["schemas"]["User"];
            /** @description JWT for the Authorization header; short-lived */
            accessToken: string;
            /** @description Single-use: every refresh returns a new one. Reusing an old one ends the session. */
            refreshToken: string;
            /** @enum {string} */
            tokenType: "Bearer";
            /** @description Seconds until the access token expires */
            expiresIn: number;
        };
        /** @description The signed-in user, as only they see themselves */
        User: {
            /** Format: uuid */
            id: string;
            /** Format: email */
            email: string;
            displayName: string;
            /** @description How the apps display distances; the API always speaks metres */
            units: "metric" | "imperial";
            timezone: string;
            strideLengthMeters: number;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        /** @description What any signed-in user may see of another */
        PublicUser: {
            /** Format: uuid */
            id: string;
            displayName: string;
        };
        UpdateMeBody: {
            displayName?: string;
            /** @description How the apps display distances; the API always speaks metres */
            units?: "metric" | "imperial";
            /**
             * Format: iana-timezone
             * @description IANA time zone name; decides which local day an activity falls on
             * @example Europe/London
             */
            timezone?: string;
            /** @description Metres per step, used to turn step counts into distance */
            strideLengthMeters?: number;
        };
        /** @description owner: everything, including deleting the team and handing it over; admin: edit the team, its route and members (not the owner), invite; member: read and leave */
        TeamRole: "owner" | "admin" | "member";
        Team: {
            /** Format: uuid */
            id: string;
            name: string;
            description: string;
            /** @description public teams appear on the global leaderboard; membership always needs a code or an invitation */
            visibility: "private" | "public";
            /** Format: uuid */
            ownerId: string;
            /** Format: date */
            startDate: string;
            /** Format: date */
            endDate: string;
            timezone: string;
            /** @description sum: the team moves by all members' distance; average: by the distance per member */
            scoring: "sum" | "average";
            dailyCapMeters: number | null;
            maxMembers: number;
            memberCount: number;
            /** @description Length of the team's route: the distance to cover */
            goalDistanceMeters: number;
            role: components["schemas"]["TeamRole"];
            /** @description Only shown to the owner and admins */
            joinCode?: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            updatedAt: string;
        };
        CreateTeamBody: {
            name: string;
            description?: string;
            /** @description public teams appear on the global leaderboard; membership always needs a code or an invitation */
            visibility?: "private" | "public";
            /**
             * Format: date
             * @description A local calendar day in the team's time zone
             * @example 2027-03-01
             */
            startDate: string;
            /**
             * Format: date
             * @description A local calendar day in the team's time zone
             * @example 2027-03-01
             */
            endDate: string;
            /**
             * Format: iana-timezone
             * @description IANA time zone name; decides which local day an activity falls on
             * @example Europe/London
             */
            timezone?: string;
            /** @description sum: the team moves by all members' distance; average: by the distance per member */
            scoring?: "sum" | "average";
            /** @description Most metres one member can credit per day; null for no cap */
            dailyCapMeters?: number | null;
            /** @description At most the deployment's TEAM_MAX_MEMBERS (default 100) */
            maxMembers?: number;
        };
        /** @description The fields to change; others keep their values */
        UpdateTeamBody: {
            name?: string;
            description?: string;
            /** @description public teams appear on the global leaderboard; membership always needs a code or an invitation */
            visibility?: "private" | "public";
            /**
             * Format: date
             * @description A local calendar day in the team's time zone
             * @example 2027-03-01
             */
            startDate?: string;
            /**
             * Format: date
             * @description A local calendar day in the team's time zone
             * @example 2027-03-01
             */
            endDate?: string;
            /**
             * Format: iana-timezone
             * @description IANA time zone name; decides which local day an activity falls on
             * @example Europe/London
             */
            timezone?: string;
            /** @description sum: the team moves by all members' distance; average: by the distance per member */
            scoring?: "sum" | "average";
            /** @description Most metres one member can credit per day; null for no cap */
            dailyCapMeters?: number | null;
            /** @description At most the deployment's TEAM_MAX_MEMBERS (default 100) */
            maxMembers?: number;
        };
        TeamMember: {
            /** Format: uuid */
            userId: string;
            displayName: string;
            role: components["schemas"]["TeamRole"];
            /** Format: date-time */
            joinedAt: string;
            /** @description Only shown to the owner and admins */
            email?: string;
        };
        UpdateMemberBody: {
            role: components["schemas"]["TeamRole"];
        };
        InviteBody: {
            /** Format: email */
            email: string;
        };
        /** @description The token itself is only ever sent to the invited address */
        Invitation: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            teamId: string;
            email: string;
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            expiresAt: string;
        };
        /** @description Either a join code or an invitation token */
        JoinBody: {
            /** @description The team's join code */
            code: string;
        } | {
            /** @description The token from an invitation email */
            token: string;
        };
        JoinResult: {
            team: components["schemas"]["Team"];
            /** @description True when you were a member already: nothing changed */
            alreadyMember: boolean;
        };
        JoinCode: {
            joinCode: string;
        };
        Waypoint: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            teamId: string;
            /** @description 0-based, contiguous */
            position: number;
            name: string;
            description: string;
            lat: number;
            lon: number;
            /** @description Great-circle length of the leg that ends here; 0 for the start */
            distanceFromPreviousMeters: number;
            /** @description Distance along the route from the start to here */
            cumulativeMeters: number;
        };
        CreateWaypointBody: {
            /** Format: uuid */
            teamId: string;
            name: string;
            /** @description Latitude, WGS84 degrees */
            lat: number;
            /** @description Longitude, WGS84 degrees */
            lon: number;
            /** @description 0-based place in the route; the waypoints from there on move one place down */
            position?: number;
            description?: string;
        };
        UpdateWaypointBody: {
            name?: string;
            /** @description Latitude, WGS84 degrees */
            lat?: number;
            /** @description Longitude, WGS84 degrees */
            lon?: number;
            /** @description 0-based place in the route; the waypoints from there on move one place down */
            position?: number;
            description?: string;
        };
        CalculateRouteBody: {
            /**
             * Format: uuid
             * @description A team you belong to: its stored route
             */
            teamId: string;
        } | {
            /** @description An ad-hoc route */
            points: {
                /** @description Latitude, WGS84 degrees */
                lat: number;
                /** @description Longitude, WGS84 degrees */
                lon: number;
                name?: string;
            }[];
        };
        RouteCalculation: {
            legs: {
                from: {
                    index: number;
                    name: string | null;
                };
                to: {
                    index: number;
                    name: string | null;
                };
                distanceMeters: number;
                cumulativeMeters: number;
            }[];
            /** @description For a stored route, the team's goal distance */
            totalDistanceMeters: number;
        };
        ImportRouteBody: {
            format: "gpx" | "geojson";
            /** @description The GPX (XML) or GeoJSON document, as text */
            content: string;
            /**
             * @description Simplify the track to at most this many waypoints; named points are always kept
             * @default 200
             */
            maxWaypoints?: number;
        };
        /** @description "steps" carries a step count (turned into distance by your stride length); the others carry distance */
        ActivityType: "walk" | "run" | "cycle" | "swim" | "hike" | "steps" | "other";
        LogActivityBody: {
            type: components["schemas"]["ActivityType"];
            distanceMeters?: number;
            steps?: number;
            durationSeconds?: number;
            /** Format: date-time */
            startedAt: string;
            /**
             * Format: iana-timezone
             * @description IANA time zone name; decides which local day an activity falls on
             * @example Europe/London
             */
            timezone?: string;
            /** @description Your id for this activity: sending it again returns the first copy */
            clientId?: string;
            /** @description The id in the source (HealthKit, Health Connect…); unique per source */
            externalId?: string;
            /** @description manual, app, healthkit, health_connect… (google_health, strava and garmin are written by provider connections only) */
            source?: string;
            /** @description This is the source's whole-day step total for the local day of `startedAt` (type "steps", `source` required): it replaces the source's earlier total of that day when higher (GREATEST, so a retried older figure never lowers it) and is merged with the day's other sources, never added to them */
            dailyTotal?: boolean;
        };
        ActivityCredit: {
            /** Format: uuid */
            teamId: string;
            rawMeters: number;
            creditedMeters: number;
            /** @description Why credited differs from raw: the same outing recorded twice (overlapping times), faster than the activity allows, over the 250 km / 100,000-step daily ceiling, over the team's daily cap, outside the team's dates, uploaded after the back-fill window, a whole-day total of another source counts for this day (`superseded_by_source`), or the day's walks and runs already credited part of this whole-day total (`covered_by_activities`) */
            reason: "duplicate" | "speed_limit" | "daily_ceiling" | "team_daily_cap" | "outside_team_window" | "late" | "superseded_by_source" | "covered_by_activities" | null;
        };
        Activity: {
            /** Format: uuid */
            id: string;
            type: components["schemas"]["ActivityType"];
            distanceMeters: number | null;
            steps: number | null;
            durationSeconds: number | null;
            /** Format: date-time */
            startedAt: string;
            timezone: string;
            /**
             * Format: date
             * @description The calendar day it counts for, in its time zone
             */
            localDay: string;
            source: string;
            clientId: string | null;
            externalId: string | null;
            /** @description What it claims: distance, or steps × stride */
            rawMeters: number;
            /** @description What it credited to each of your teams */
            credits: components["schemas"]["ActivityCredit"][];
            /** Format: date-time */
            createdAt: string;
        };
        LoggedActivity: {
            activity: components["schemas"]["Activity"];
            /** @description True when this clientId/externalId was already uploaded: nothing was added */
            duplicate: boolean;
        };
        SyncBody: {
            items: components["schemas"]["LogActivityBody"][];
        };
        SyncResult: {
            results: {
                index: number;
                /** @description `updated`: a higher daily total replaced the source's earlier one */
                status: "created" | "updated" | "duplicate" | "rejected";
                /** Format: uuid */
                activityId?: string;
                error?: {
                    code: string;
                    message: string;
                };
            }[];
            created: number;
            updated: number;
            duplicates: number;
            rejected: number;
        };
        LedgerLine: {
            /** Format: uuid */
            activityId: string;
            /** Format: uuid */
            userId: string;
            displayName: string;
            /** @description null when `detailsHidden` */
            type: components["schemas"]["ActivityType"] | null;
            startedAt: string | null;
            /** Format: date */
            localDay: string;
            /** @description Where it came from (manual, healthkit, google_health, strava…) */
            source: string | null;
            rawMeters: number | null;
            creditedMeters: number;
            /** @description Why credited differs from raw: the same outing recorded twice (overlapping times), faster than the activity allows, over the 250 km / 100,000-step daily ceiling, over the team's daily cap, outside the team's dates, uploaded after the back-fill window, a whole-day total of another source counts for this day (`superseded_by_source`), or the day's walks and runs already credited part of this whole-day total (`covered_by_activities`) */
            reason: "duplicate" | "speed_limit" | "daily_ceiling" | "team_daily_cap" | "outside_team_window" | "late" | "superseded_by_source" | "covered_by_activities" | null;
            /** @description Another member's activity from a source whose terms allow showing it to its owner only (Strava): its credited metres, nothing else */
            detailsHidden: boolean;
        };
        TeamProgress: {
            /** Format: uuid */
            teamId: string;
            scoring: "sum" | "average";
            /**
             * @description How far the team has come: credited metres, or credited metres per member with average scoring, metres
             * @example 412345.6
             */
            totalDistance: number;
            /**
             * @description The route's length, metres
             * @example 1407031.2
             */
            goalDistance: number;
            /**
             * @description Left to the finish, metres
             * @example 994685.6
             */
            distanceRemaining: number;
            /**
             * @description Rounded down to two decimals: 100 only once finished
             * @example 29.3
             */
            percentComplete: number;
            completed: boolean;
            /** @description Waypoints after the start that the team has reached */
            reachedWaypoints: number;
            currentLeg: {
                /** @description Position of the leg's first waypoint */
                index: number;
                from: {
                    /** Format: uuid */
                    id: string;
                    name: string;
                    /** @description 0-based place in the route */
                    position: number;
                };
                to: {
                    /** Format: uuid */
                    id: string;
                    name: string;
                    /** @description 0-based place in the route */
                    position: number;
                };
                distanceMeters: number;
                /** @description How far along this leg the team is */
                coveredMeters: number;
            } | null;
            nextWaypoint: {
                /** Format: uuid */
                id: string;
                name: string;
                /** @description 0-based place in the route */
                position: number;
                /** @description Its distance from the start */
                cumulativeMeters: number;
            } | null;
            distanceToNextWaypoint: number | null;
            position: {
                lat: number;
                lon: number;
            } | null;
            pace: {
                /**
                 * @description Credited over the team's last seven local days, metres
                 * @example 84000
                 */
                lastSevenDaysMeters: number;
                /**
                 * @description The seven-day pace per day (fewer days in the first week), metres
                 * @example 12000
                 */
                dailyMeters: number;
                requiredDailyMeters: number | null;
                /** @description Days left including today (0 after the end date) */
                daysRemaining: number;
            };
            eta: {
                nextWaypoint: string | null;
                finish: string | null;
            };
            lastActivity: {
                /** Format: uuid */
                activityId: string;
                /** Format: uuid */
                userId: string;
                displayName: string;
                type: string;
                creditedMeters: number;
                /** Format: date-time */
                startedAt: string;
                /** Format: date */
                localDay: string;
            } | null;
            members: {
                /** Format: uuid */
                userId: string;
                displayName: string;
                /**
                 * @description Credited to the team, metres
                 * @example 52310
                 */
                distanceMeters: number;
                sharePercent: number;
                /** @description False for people who left: their metres still count */
                isMember: boolean;
            }[];
            /**
             * Format: date-time
             * @description When the aggregation worker computed this
             */
            computedAt: string;
        };
        MemberStanding: {
            rank: number;
            /** Format: uuid */
            userId: string;
            displayName: string;
            distanceMeters: number;
        };
        TeamStanding: {
            /** @description Place among the teams you can see */
            rank: number;
            /** Format: uuid */
            teamId: string;
            name: string;
            visibility: "private" | "public";
            percentComplete: number;
            totalDistance: number;
            goalDistance: number;
            /** @description You are on this team */
            isMember: boolean;
        };
        /** @description What the notification is about */
        NotificationType: "invitation" | "member_joined" | "waypoint_reached" | "milestone" | "report_ready" | "integration_disconnected" | "sync_stale" | "digest";
        Notification: {
            /** Format: uuid */
            id: string;
            type: components["schemas"]["NotificationType"];
            teamId: string | null;
            /** @example Land's End to John o'Groats reached Bristol */
            title: string;
            body: string;
            /** @description The details: team, waypoint, percent, report id… */
            data: {
                [key: string]: unknown;
            };
            /** Format: date-time */
            createdAt: string;
            readAt: string | null;
        };
        UnreadCount: {
            unread: number;
        };
        NotificationPreferences: {
            types: {
                invitation: {
                    /** @description In the app's notification centre (and pushed live) */
                    inApp: boolean;
                    /** @description By email */
                    email: boolean;
                };
                member_joined: {
                    /** @description In the app's notification centre (and pushed live) */
                    inApp: boolean;
                    /** @description By email */
                    email: boolean;
                };
                waypoint_reached: {
                    /** @description In the app's notification centre (and pushed live) */
                    inApp: boolean;
                    /** @description By email */
                    email: boolean;
                };
                milestone: {
                    /** @description In the app's notification centre (and pushed live) */
                    inApp: boolean;
                    /** @description By email */
                    email: boolean;
                };
                report_ready: {
                    /** @description In the app's notification centre (and pushed live) */
                    inApp: boolean;
                    /** @description By email */
                    email: boolean;
                };
                integration_disconnected: {
                    /** @description In the app's notification centre (and pushed live) */
                    inApp: boolean;
                    /** @description By email */
                    email: boolean;
                };
                sync_stale: {
                    /** @description In the app's notification centre (and pushed live) */
                    inApp: boolean;
                    /** @description By email */
                    email: boolean;
                };
            };
            /** @description In your time zone: emails that fall inside are sent when they end; in-app notifications arrive at once */
            quietHours: {
                /**
                 * @description Local time, HH:MM (24 h)
                 * @example 22:00
                 */
                start: string;
                /**
                 * @description Local time, HH:MM (24 h)
                 * @example 22:00
                 */
                end: string;
            } | null;
            /** @description Fold a day's teammate milestones and waypoints into one email, sent the next morning */
            digest: boolean;
        };
        UpdateNotificationPreferences: {
            types?: {
                invitation?: {
                    /** @description In the app's notification centre (and pushed live) */
                    inApp?: boolean;
                    /** @description By email */
                    email?: boolean;
                };
                member_joined?: {
                    /** @description In the app's notification centre (and pushed live) */
                    inApp?: boolean;
                    /** @description By email */
                    email?: boolean;
                };
                waypoint_reached?: {
                    /** @description In the app's notification centre (and pushed live) */
                    inApp?: boolean;
                    /** @description By email */
                    email?: boolean;
                };
                milestone?: {
                    /** @description In the app's notification centre (and pushed live) */
                    inApp?: boolean;
                    /** @description By email */
                    email?: boolean;
                };
                report_ready?: {
                    /** @description In the app's notification centre (and pushed live) */
                    inApp?: boolean;
                    /** @description By email */
                    email?: boolean;
                };
                integration_disconnected?: {
                    /** @description In the app's notification centre (and pushed live) */
                    inApp?: boolean;
                    /** @description By email */
                    email?: boolean;
                };
                sync_stale?: {
                    /** @description In the app's notification centre (and pushed live) */
                    inApp?: boolean;
                    /** @description By email */
                    email?: boolean;
                };
            };
            quietHours?: {
                /**
                 * @description Local time, HH:MM (24 h)
                 * @example 22:00
                 */
                start: string;
                /**
                 * @description Local time, HH:MM (24 h)
                 * @example 22:00
                 */
                end: string;
            } | null;
            digest?: boolean;
        };
        /** @description RFC 8058: mail clients send List-Unsubscribe=One-Click as a form */
        UnsubscribeForm: {
            /** @enum {string} */
            "List-Unsubscribe"?: "One-Click";
        };
        WeeklyReport: {
            /** Format: uuid */
            teamId: string;
            teamName: string;
            /**
             * @description ISO week
             * @example 2026-W47
             */
            week: string;
            /** Format: date */
            from: string;
            /** Format: date */
            to: string;
            timezone: string;
            scoring: "sum" | "average";
            /** @description The route's length, metres */
            goalDistance: number;
            totals: {
                /** @description Credited this week, all members, metres */
                weekMeters: number;
                /** @description Credited up to the end of the week, metres */
                toDateMeters: number;
                /** @description How far the team has come (per member with average scoring), metres */
                progressMeters: number;
                percentComplete: number;
            };
            pace: {
                /** @description Per day this week, as the team moves, metres */
                achievedDailyMeters: number;
                /** @description Per day from the next day to the end date to finish on time; null once finished or past the end */
                requiredDailyMeters: number | null;
                daysRemaining: number;
            };
            /** @description Team distance per day, Monday to Sunday */
            daily: {
                /** Format: date */
                day: string;
                meters: number;
            }[];
            members: {
                /** Format: uuid */
                userId: string;
                displayName: string;
                /** @description False for people who have left (their metres stay with the team) */
                isMember: boolean;
                /** @description Credited this week, metres */
                weekMeters: number;
                /** @description Credited from the start to the end of the week, metres */
                toDateMeters: number;
                activeDays: number;
                /** @description Consecutive active days ending on the week's Sunday */
                streakDays: number;
                longestStreakInWeek: number;
            }[];
            topContributors: {
                /** Format: uuid */
                userId: string;
                displayName: string;
                weekMeters: number;
            }[];
            waypointsReached: {
                /** Format: uuid */
                waypointId: string;
                name: string;
                position: number;
                /** Format: date-time */
                reachedAt: string;
            }[];
        };
        Report: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            teamId: string;
            /** @example 2026-W47 */
            week: string;
            /** Format: date */
            from: string;
            /** Format: date */
            to: string;
            /** Format: date-time */
            generatedAt: string;
            report: components["schemas"]["WeeklyReport"];
        };
        ReportSummary: {
            /** Format: uuid */
            id: string;
            /** Format: uuid */
            teamId: string;
            /** @example 2026-W47 */
            week: string;
            /** Format: date */
            from: string;
            /** Format: date */
            to: string;
            /** Format: date-time */
            generatedAt: string;
            weekMeters: number;
            percentComplete: number;
        };
        SyncHealth: {
            /** @description `pending`: no sync yet; `stale`: no new data for 30 h (you were told); `at_risk`: more than 36 h since the last successful sync, after which steps can be lost; `rate_limited`: waiting for the provider's limit */
            status: "ok" | "pending" | "stale" | "at_risk" | "error" | "rate_limited" | "disconnected";
            lastSuccessAt: string | null;
            lastAttemptAt: string | null;
            lastError: string | null;
            lastErrorAt: string | null;
            nextSyncAfter: string | null;
            hoursSinceSuccess: number | null;
            warning: string | null;
        };
        IntegrationConnection: {
            /** @example strava */
            provider: string;
            /** @example Strava */
            name: string;
            /** @description Whether it can be connected on this service */
            available: boolean;
            unavailableReason: string | null;
            status: "not_connected" | "connected" | "disconnected";
            source: string | null;
            connectedAt: string | null;
            health: components["schemas"]["SyncHealth"] | null;
        };
        IntegrationConnectStart: {
            provider: string;
            /**
             * Format: uri
             * @description Open it in a browser; the provider sends the browser back to the callback
             */
            authorizationUrl: string;
            /**
             * Format: date-time
             * @description The request (its state) is single-use and expires after 10 minutes
             */
            expiresAt: string;
            /** @description Whether the flow is protected by PKCE (S256): Google yes, Strava does not support it */
            pkce: boolean;
        };
        IntegrationConnected: {
            provider: string;
            /** @enum {string} */
            status: "connected";
            /** Format: uuid */
            connectionId: string;
        };
        IntegrationDisconnected: {
            provider: string;
            /** @enum {string} */
            status: "disconnected";
            /** @description False when the provider could not be reached: the connection ended here anyway and its tokens are gone */
            revokedAtProvider: boolean;
            importedActivities: "kept" | "deleted";
            deletedActivities: number;
        };
        SourcePriority: {
            /** @description Whole-day step totals, most trusted first (e.g. ["healthkit", "google_health"]): on a day with several, the first listed source that has one counts. Empty: the default (the highest total). */
            sources: string[];
        };
        SourcePriorityView: {
            sources: string[] | null;
        };
        StravaWebhookEvent: {
            object_type: "activity" | "athlete";
            object_id: number;
            aspect_type: "create" | "update" | "delete";
            owner_id: number;
            subscription_id: number;
            event_time: number;
            updates?: {
                [key: string]: string;
            };
        } & {
            [key: string]: unknown;
        };
        GoogleHealthWebhookEvent: {
            /** @description `verification` when Google checks the endpoint (creating or updating our subscriber); absent on a data notification */
            type?: string;
            /** @description The Google user (`sub`) whose data changed; required on a data notification */
            userId?: string;
            /**
             * @description Required on a data notification
             * @example steps
             */
            dataType?: string;
            notificationId?: string;
        } & {
            [key: string]: unknown;
        };
        WebhookAck: {
            /** @description False for a re-delivery or an unknown account: nothing to do */
            accepted: boolean;
        };
        ChatMessage: {
            /**
             * Format: uuid
             * @description A UUIDv7: its first 48 bits are the send time
             */
            id: string;
            /** Format: uuid */
            teamId: string;
            /** Format: uuid */
            authorId: string;
            /** @description The author's display name when sent */
            authorName: string;
            /**
             * @description Exactly as sent: plain text, never HTML. Render it as text.
             * @example Oxford by Friday?
             */
            text: string;
            clientMessageId?: string;
            /** Format: date-time */
            createdAt: string;
        };
        SendMessageBody: {
            /** @description 1–2000 characters, not only spaces */
            text: string;
            /** @description Your id for this send: sending it again returns the first message instead of a second one */
            clientMessageId?: string;
        };
        TeamEvent: {
            /**
             * Format: uuid
             * @description Unique: drop an event whose id you have seen
             */
            id: string;
            /** @description Per team, strictly increasing, no gaps */
            seq: number;
            /** Format: uuid */
            teamId: string;
            type: "progress_update" | "waypoint_reached" | "member_joined" | "member_left" | "chat_message" | "chat_message_deleted";
            /** @description As on the WebSocket (openapi/asyncapi.yaml) */
            data: {
                [key: string]: unknown;
            };
            /** Format: date-time */
            at: string;
        };
    };
    responses: never;
    parameters: {
        /**
         * @description Where the page starts: `meta.nextCursor` of the previous page, passed back untouched. Omit it for the first page. Lists are keyset-paginated: pages stay stable while rows are added, and the last page has `meta.nextCursor: null`. A cursor that was not issued by the API is `400 INVALID_CURSOR`.
         * @example eyJjcmVhdGVkQXQiOiIyMDI2LTA1LTAxIDA3OjMwOjAwKzAwIn0
         */
        PageCursor: string;
        /**
         * @description How many items at most (1–100, default 20).
         * @example 20
         */
        PageLimit: number;
        /**
         * @description How many ledger lines at most (1–500, default 100): the ledger is read in bulk.
         * @example 100
         */
        LedgerPageLimit: number;
        /**
         * @description How many events at most (1–1,000, default 100): a client catching up reads the missed events in bulk.
         * @example 100
         */
        EventPageLimit: number;
    };
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type Meta = components['schemas']['Meta'];
export type ErrorResponse = components['schemas']['ErrorResponse'];
export type RegisterBody = components['schemas']['RegisterBody'];
export type LoginBody = components['schemas']['LoginBody'];
export type RefreshBody = components['schemas']['RefreshBody'];
export type AuthResult = components['schemas']['AuthResult'];
export type User = components['schemas']['User'];
export type PublicUser = components['schemas']['PublicUser'];
export type UpdateMeBody = components['schemas']['UpdateMeBody'];
export type TeamRole = components['schemas']['TeamRole'];
export type Team = components['schemas']['Team'];
export type CreateTeamBody = components['schemas']['CreateTeamBody'];
export type UpdateTeamBody = components['schemas']['UpdateTeamBody'];
export type TeamMember = components['schemas']['TeamMember'];
export type UpdateMemberBody = components['schemas']['UpdateMemberBody'];
export type InviteBody = components['schemas']['InviteBody'];
export type Invitation = components['schemas']['Invitation'];
export type JoinBody = components['schemas']['JoinBody'];
export type JoinResult = components['schemas']['JoinResult'];
export type JoinCode = components['schemas']['JoinCode'];
export type Waypoint = components['schemas']['Waypoint'];
export type CreateWaypointBody = components['schemas']['CreateWaypointBody'];
export type UpdateWaypointBody = components['schemas']['UpdateWaypointBody'];
export type CalculateRouteBody = components['schemas']['CalculateRouteBody'];
export type RouteCalculation = components['schemas']['RouteCalculation'];
export type ImportRouteBody = components['schemas']['ImportRouteBody'];
export type ActivityType = components['schemas']['ActivityType'];
export type LogActivityBody = components['schemas']['LogActivityBody'];
export type ActivityCredit = components['schemas']['ActivityCredit'];
export type Activity = components['schemas']['Activity'];
export type LoggedActivity = components['schemas']['LoggedActivity'];
export type SyncBody = components['schemas']['SyncBody'];
export type SyncResult = components['schemas']['SyncResult'];
export type LedgerLine = components['schemas']['LedgerLine'];
export type TeamProgress = components['schemas']['TeamProgress'];
export type MemberStanding = components['schemas']['MemberStanding'];
export type TeamStanding = components['schemas']['TeamStanding'];
export type NotificationType = components['schemas']['NotificationType'];
export type Notification = components['schemas']['Notification'];
export type UnreadCount = components['schemas']['UnreadCount'];
export type NotificationPreferences = components['schemas']['NotificationPreferences'];
export type UpdateNotificationPreferences = components['schemas']['UpdateNotificationPreferences'];
export type UnsubscribeForm = components['schemas']['UnsubscribeForm'];
export type WeeklyReport = components['schemas']['WeeklyReport'];
export type Report = components['schemas']['Report'];
export type ReportSummary = components['schemas']['ReportSummary'];
export type SyncHealth = components['schemas']['SyncHealth'];
export type IntegrationConnection = components['schemas']['IntegrationConnection'];
export type IntegrationConnectStart = components['schemas']['IntegrationConnectStart'];
export type IntegrationConnected = components['schemas']['IntegrationConnected'];
export type IntegrationDisconnected = components['schemas']['IntegrationDisconnected'];
export type SourcePriority = components['schemas']['SourcePriority'];
export type SourcePriorityView = components['schemas']['SourcePriorityView'];
export type StravaWebhookEvent = components['schemas']['StravaWebhookEvent'];
export type GoogleHealthWebhookEvent = components['schemas']['GoogleHealthWebhookEvent'];
export type WebhookAck = components['schemas']['WebhookAck'];
export type ChatMessage = components['schemas']['ChatMessage'];
export type SendMessageBody = components['schemas']['SendMessageBody'];
export type TeamEvent = components['schemas']['TeamEvent'];
export type ParameterPageCursor = components['parameters']['PageCursor'];
export type ParameterPageLimit = components['parameters']['PageLimit'];
export type ParameterLedgerPageLimit = components['parameters']['LedgerPageLimit'];
export type ParameterEventPageLimit = components['parameters']['EventPageLimit'];
export type $defs = Record<string, never>;
export interface operations {
    register: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "ada@example.com",
                 *       "password": "a long walk to the north",
                 *       "displayName": "Ada",
                 *       "timezone": "Europe/London",
                 *       "units": "metric",
                 *       "strideLengthMeters": 0.8
                 *     }
                 */
                "application/json": components["schemas"]["RegisterBody"];
            };
        };
        responses: {
            /** @description Account created; signed in */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "user": {
                     *           "id": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *           "email": "ada@example.com",
                     *           "displayName": "Ada",
                     *           "units": "metric",
                     *           "timezone": "Europe/London",
                     *           "strideLengthMeters": 0.8,
                     *           "createdAt": "2026-05-01T07:30:00.000Z",
                     *           "updatedAt": "2026-05-01T07:30:00.000Z"
                     *         },
                     *         "accessToken": "eyJhbGciOiJIUzI1NiJ9.example.signature",
                     *         "refreshToken": "eyJhbGciOiJIUzI1NiJ9.example.signature",
                     *         "tokenType": "Bearer",
                     *         "expiresIn": 900
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["AuthResult"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR, BAD_REQUEST, WEAK_PASSWORD */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: EMAIL_TAKEN */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: RATE_LIMITED */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    login: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "ada@example.com",
                 *       "password": "a long walk to the north"
                 *     }
                 */
                "application/json": components["schemas"]["LoginBody"];
            };
        };
        responses: {
            /** @description Signed in: a new session */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "user": {
                     *           "id": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *           "email": "ada@example.com",
                     *           "displayName": "Ada",
                     *           "units": "metric",
                     *           "timezone": "Europe/London",
                     *           "strideLengthMeters": 0.8,
                     *           "createdAt": "2026-05-01T07:30:00.000Z",
                     *           "updatedAt": "2026-05-01T07:30:00.000Z"
                     *         },
                     *         "accessToken": "eyJhbGciOiJIUzI1NiJ9.example.signature",
                     *         "refreshToken": "eyJhbGciOiJIUzI1NiJ9.example.signature",
                     *         "tokenType": "Bearer",
                     *         "expiresIn": 900
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["AuthResult"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR, BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INVALID_CREDENTIALS */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: RATE_LIMITED */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    refresh: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "refreshToken": "eyJhbGciOiJIUzI1NiJ9.example.signature"
                 *     }
                 */
                "application/json": components["schemas"]["RefreshBody"];
            };
        };
        responses: {
            /** @description New access and refresh tokens */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "user": {
                     *           "id": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *           "email": "ada@example.com",
                     *           "displayName": "Ada",
                     *           "units": "metric",
                     *           "timezone": "Europe/London",
                     *           "strideLengthMeters": 0.8,
                     *           "createdAt": "2026-05-01T07:30:00.000Z",
                     *           "updatedAt": "2026-05-01T07:30:00.000Z"
                     *         },
                     *         "accessToken": "eyJhbGciOiJIUzI1NiJ9.example.signature",
                     *         "refreshToken": "eyJhbGciOiJIUzI1NiJ9.example.signature",
                     *         "tokenType": "Bearer",
                     *         "expiresIn": 900
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["AuthResult"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR, BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INVALID_REFRESH_TOKEN, REFRESH_TOKEN_REUSED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: RATE_LIMITED */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    logout: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "refreshToken": "eyJhbGciOiJIUzI1NiJ9.example.signature"
                 *     }
                 */
                "application/json": components["schemas"]["RefreshBody"];
            };
        };
        responses: {
            /** @description Signed out */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error codes: VALIDATION_ERROR, BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Your profile */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "id": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *         "email": "ada@example.com",
                     *         "displayName": "Ada",
                     *         "units": "metric",
                     *         "timezone": "Europe/London",
                     *         "strideLengthMeters": 0.8,
                     *         "createdAt": "2026-05-01T07:30:00.000Z",
                     *         "updatedAt": "2026-05-01T07:30:00.000Z"
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["User"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: USER_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    deleteMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Account deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: USER_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    updateMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "displayName": "Ada",
                 *       "units": "metric",
                 *       "timezone": "Europe/London",
                 *       "strideLengthMeters": 0.8
                 *     }
                 */
                "application/json": components["schemas"]["UpdateMeBody"];
            };
        };
        responses: {
            /** @description The updated profile */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "id": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *         "email": "ada@example.com",
                     *         "displayName": "Ada",
                     *         "units": "metric",
                     *         "timezone": "Europe/London",
                     *         "strideLengthMeters": 0.8,
                     *         "createdAt": "2026-05-01T07:30:00.000Z",
                     *         "updatedAt": "2026-05-01T07:30:00.000Z"
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["User"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR, BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: USER_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getUser: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example 3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Their public profile */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "id": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *         "displayName": "Ada"
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["PublicUser"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: USER_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: URI_TOO_LONG */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listMyTeams: {
        parameters: {
            query?: {
                /**
                 * @description Where the page starts: `meta.nextCursor` of the previous page, passed back untouched. Omit it for the first page. Lists are keyset-paginated: pages stay stable while rows are added, and the last page has `meta.nextCursor: null`. A cursor that was not issued by the API is `400 INVALID_CURSOR`.
                 * @example eyJjcmVhdGVkQXQiOiIyMDI2LTA1LTAxIDA3OjMwOjAwKzAwIn0
                 */
                cursor?: components["parameters"]["PageCursor"];
                /**
                 * @description How many items at most (1–100, default 20).
                 * @example 20
                 */
                limit?: components["parameters"]["PageLimit"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of your teams; meta.nextCursor fetches the next */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": [
                     *         {
                     *           "id": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *           "name": "Land's End to John o' Groats",
                     *           "description": "From the south-west tip of Cornwall to the north-east of Scotland",
                     *           "visibility": "private",
                     *           "ownerId": "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                     *           "startDate": "2026-05-01",
                     *           "endDate": "2026-05-01",
                     *           "timezone": "Europe/London",
                     *           "scoring": "sum",
                     *           "dailyCapMeters": 20000,
                     *           "maxMembers": 20,
                     *           "memberCount": 4,
                     *           "goalDistanceMeters": 1407031.2,
                     *           "role": "owner",
                     *           "joinCode": "joinCode",
                     *           "createdAt": "2026-05-01T07:30:00.000Z",
                     *           "updatedAt": "2026-05-01T07:30:00.000Z"
                     *         }
                     *       ],
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0",
                     *         "nextCursor": "eyJjcmVhdGVkQXQiOiIyMDI2LTA1LTAxIDA3OjMwOjAwKzAwIn0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["Team"][];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR, INVALID_CURSOR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    createTeam: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Land's End to John o' Groats",
                 *       "description": "From the south-west tip of Cornwall to the north-east of Scotland",
                 *       "visibility": "private",
                 *       "startDate": "2027-03-01",
                 *       "endDate": "2027-03-01",
                 *       "timezone": "Europe/London",
                 *       "scoring": "sum",
                 *       "dailyCapMeters": 20000,
                 *       "maxMembers": 20
                 *     }
                 */
                "application/json": components["schemas"]["CreateTeamBody"];
            };
        };
        responses: {
            /** @description The new team, with its join code */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "id": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *         "name": "Land's End to John o' Groats",
                     *         "description": "From the south-west tip of Cornwall to the north-east of Scotland",
                     *         "visibility": "private",
                     *         "ownerId": "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                     *         "startDate": "2026-05-01",
                     *         "endDate": "2026-05-01",
                     *         "timezone": "Europe/London",
                     *         "scoring": "sum",
                     *         "dailyCapMeters": 20000,
                     *         "maxMembers": 20,
                     *         "memberCount": 4,
                     *         "goalDistanceMeters": 1407031.2,
                     *         "role": "owner",
                     *         "joinCode": "joinCode",
                     *         "createdAt": "2026-05-01T07:30:00.000Z",
                     *         "updatedAt": "2026-05-01T07:30:00.000Z"
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["Team"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR, BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getTeam: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example 3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The team */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "id": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *         "name": "Land's End to John o' Groats",
                     *         "description": "From the south-west tip of Cornwall to the north-east of Scotland",
                     *         "visibility": "private",
                     *         "ownerId": "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                     *         "startDate": "2026-05-01",
                     *         "endDate": "2026-05-01",
                     *         "timezone": "Europe/London",
                     *         "scoring": "sum",
                     *         "dailyCapMeters": 20000,
                     *         "maxMembers": 20,
                     *         "memberCount": 4,
                     *         "goalDistanceMeters": 1407031.2,
                     *         "role": "owner",
                     *         "joinCode": "joinCode",
                     *         "createdAt": "2026-05-01T07:30:00.000Z",
                     *         "updatedAt": "2026-05-01T07:30:00.000Z"
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["Team"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: TEAM_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: URI_TOO_LONG */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    updateTeam: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example 3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192 */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Land's End to John o' Groats",
                 *       "description": "From the south-west tip of Cornwall to the north-east of Scotland",
                 *       "visibility": "private",
                 *       "startDate": "2027-03-01",
                 *       "endDate": "2027-03-01",
                 *       "timezone": "Europe/London",
                 *       "scoring": "sum",
                 *       "dailyCapMeters": 20000,
                 *       "maxMembers": 20
                 *     }
                 */
                "application/json": components["schemas"]["UpdateTeamBody"];
            };
        };
        responses: {
            /** @description The updated team */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "id": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *         "name": "Land's End to John o' Groats",
                     *         "description": "From the south-west tip of Cornwall to the north-east of Scotland",
                     *         "visibility": "private",
                     *         "ownerId": "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                     *         "startDate": "2026-05-01",
                     *         "endDate": "2026-05-01",
                     *         "timezone": "Europe/London",
                     *         "scoring": "sum",
                     *         "dailyCapMeters": 20000,
                     *         "maxMembers": 20,
                     *         "memberCount": 4,
                     *         "goalDistanceMeters": 1407031.2,
                     *         "role": "owner",
                     *         "joinCode": "joinCode",
                     *         "createdAt": "2026-05-01T07:30:00.000Z",
                     *         "updatedAt": "2026-05-01T07:30:00.000Z"
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["Team"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR, BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: TEAM_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: URI_TOO_LONG */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    deleteTeam: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example 3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error codes: VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: TEAM_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: URI_TOO_LONG */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    rotateJoinCode: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example 3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The new join code */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "joinCode": "joinCode"
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["JoinCode"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: TEAM_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: URI_TOO_LONG */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    inviteToTeam: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example 3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192 */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "email": "ada@example.com"
                 *     }
                 */
                "application/json": components["schemas"]["InviteBody"];
            };
        };
        responses: {
            /** @description The invitation (without its token) */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "id": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *         "teamId": "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                     *         "email": "ada@example.com",
                     *         "createdAt": "2026-05-01T07:30:00.000Z",
                     *         "expiresAt": "2026-05-01T07:30:00.000Z"
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["Invitation"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR, BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: TEAM_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: URI_TOO_LONG */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INVITATION_LIMIT */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    joinTeam: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "code": "code"
                 *     }
                 */
                "application/json": components["schemas"]["JoinBody"];
            };
        };
        responses: {
            /** @description You were already a member */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "team": {
                     *           "id": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *           "name": "Land's End to John o' Groats",
                     *           "description": "From the south-west tip of Cornwall to the north-east of Scotland",
                     *           "visibility": "private",
                     *           "ownerId": "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                     *           "startDate": "2026-05-01",
                     *           "endDate": "2026-05-01",
                     *           "timezone": "Europe/London",
                     *           "scoring": "sum",
                     *           "dailyCapMeters": 20000,
                     *           "maxMembers": 20,
                     *           "memberCount": 4,
                     *           "goalDistanceMeters": 1407031.2,
                     *           "role": "owner",
                     *           "joinCode": "joinCode",
                     *           "createdAt": "2026-05-01T07:30:00.000Z",
                     *           "updatedAt": "2026-05-01T07:30:00.000Z"
                     *         },
                     *         "alreadyMember": true
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["JoinResult"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description You joined */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "team": {
                     *           "id": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *           "name": "Land's End to John o' Groats",
                     *           "description": "From the south-west tip of Cornwall to the north-east of Scotland",
                     *           "visibility": "private",
                     *           "ownerId": "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                     *           "startDate": "2026-05-01",
                     *           "endDate": "2026-05-01",
                     *           "timezone": "Europe/London",
                     *           "scoring": "sum",
                     *           "dailyCapMeters": 20000,
                     *           "maxMembers": 20,
                     *           "memberCount": 4,
                     *           "goalDistanceMeters": 1407031.2,
                     *           "role": "owner",
                     *           "joinCode": "joinCode",
                     *           "createdAt": "2026-05-01T07:30:00.000Z",
                     *           "updatedAt": "2026-05-01T07:30:00.000Z"
                     *         },
                     *         "alreadyMember": true
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["JoinResult"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR, BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INVITATION_EMAIL_MISMATCH */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INVALID_JOIN_CODE, INVITATION_NOT_FOUND, TEAM_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: TEAM_FULL */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INVITATION_EXPIRED, INVITATION_USED */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: RATE_LIMITED */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    leaveTeam: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example 3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description You left */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "teamDeleted": true
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: {
                            teamDeleted: boolean;
                        };
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: TEAM_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: OWNER_MUST_TRANSFER */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: URI_TOO_LONG */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listTeamMembers: {
        parameters: {
            query?: {
                /**
                 * @description Where the page starts: `meta.nextCursor` of the previous page, passed back untouched. Omit it for the first page. Lists are keyset-paginated: pages stay stable while rows are added, and the last page has `meta.nextCursor: null`. A cursor that was not issued by the API is `400 INVALID_CURSOR`.
                 * @example eyJjcmVhdGVkQXQiOiIyMDI2LTA1LTAxIDA3OjMwOjAwKzAwIn0
                 */
                cursor?: components["parameters"]["PageCursor"];
                /**
                 * @description How many items at most (1–100, default 20).
                 * @example 20
                 */
                limit?: components["parameters"]["PageLimit"];
            };
            header?: never;
            path: {
                /** @example 3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of members */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": [
                     *         {
                     *           "userId": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *           "displayName": "Ada",
                     *           "role": "owner",
                     *           "joinedAt": "2026-05-01T07:30:00.000Z",
                     *           "email": "ada@example.com"
                     *         }
                     *       ],
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0",
                     *         "nextCursor": "eyJjcmVhdGVkQXQiOiIyMDI2LTA1LTAxIDA3OjMwOjAwKzAwIn0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["TeamMember"][];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR, INVALID_CURSOR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: TEAM_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: URI_TOO_LONG */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    removeTeamMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example 3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192 */
                id: string;
                /** @example 3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192 */
                userId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed; they lose access at once */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error codes: VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: TEAM_NOT_FOUND, MEMBER_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: OWNER_MUST_TRANSFER */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: URI_TOO_LONG */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    updateTeamMember: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example 3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192 */
                id: string;
                /** @example 3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192 */
                userId: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "role": "owner"
                 *     }
                 */
                "application/json": components["schemas"]["UpdateMemberBody"];
            };
        };
        responses: {
            /** @description The member with their new role */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "userId": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *         "displayName": "Ada",
                     *         "role": "owner",
                     *         "joinedAt": "2026-05-01T07:30:00.000Z",
                     *         "email": "ada@example.com"
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["TeamMember"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR, BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: TEAM_NOT_FOUND, MEMBER_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: OWNER_MUST_TRANSFER */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: URI_TOO_LONG */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listWaypoints: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example 3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every waypoint (a route has at most 1,000) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": [
                     *         {
                     *           "id": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *           "teamId": "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                     *           "position": 0,
                     *           "name": "Land's End to John o' Groats",
                     *           "description": "From the south-west tip of Cornwall to the north-east of Scotland",
                     *           "lat": 50.0657,
                     *           "lon": -5.7132,
                     *           "distanceFromPreviousMeters": 83400.5,
                     *           "cumulativeMeters": 83400.5
                     *         }
                     *       ],
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["Waypoint"][];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: TEAM_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: URI_TOO_LONG */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    createWaypoint: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "teamId": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                 *       "name": "Land's End to John o' Groats",
                 *       "lat": 50.0657,
                 *       "lon": -5.7132,
                 *       "position": 0,
                 *       "description": "From the south-west tip of Cornwall to the north-east of Scotland"
                 *     }
                 */
                "application/json": components["schemas"]["CreateWaypointBody"];
            };
        };
        responses: {
            /** @description The new waypoint */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "id": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *         "teamId": "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                     *         "position": 0,
                     *         "name": "Land's End to John o' Groats",
                     *         "description": "From the south-west tip of Cornwall to the north-east of Scotland",
                     *         "lat": 50.0657,
                     *         "lon": -5.7132,
                     *         "distanceFromPreviousMeters": 83400.5,
                     *         "cumulativeMeters": 83400.5
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["Waypoint"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR, BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: TEAM_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: ROUTE_TOO_LONG */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    calculateRoute: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "teamId": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192"
                 *     }
                 */
                "application/json": components["schemas"]["CalculateRouteBody"];
            };
        };
        responses: {
            /** @description The distances, in metres */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "legs": [
                     *           {
                     *             "from": {
                     *               "index": 0,
                     *               "name": "Land's End to John o' Groats"
                     *             },
                     *             "to": {
                     *               "index": 0,
                     *               "name": "Land's End to John o' Groats"
                     *             },
                     *             "distanceMeters": 5200,
                     *             "cumulativeMeters": 83400.5
                     *           }
                     *         ],
                     *         "totalDistanceMeters": 1407031.2
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["RouteCalculation"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR, BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: TEAM_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    updateWaypoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example 3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192 */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "name": "Land's End to John o' Groats",
                 *       "lat": 50.0657,
                 *       "lon": -5.7132,
                 *       "position": 0,
                 *       "description": "From the south-west tip of Cornwall to the north-east of Scotland"
                 *     }
                 */
                "application/json": components["schemas"]["UpdateWaypointBody"];
            };
        };
        responses: {
            /** @description The waypoint as it is now */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "id": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *         "teamId": "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                     *         "position": 0,
                     *         "name": "Land's End to John o' Groats",
                     *         "description": "From the south-west tip of Cornwall to the north-east of Scotland",
                     *         "lat": 50.0657,
                     *         "lon": -5.7132,
                     *         "distanceFromPreviousMeters": 83400.5,
                     *         "cumulativeMeters": 83400.5
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["Waypoint"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR, BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: WAYPOINT_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: URI_TOO_LONG */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    deleteWaypoint: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example 3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Removed */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error codes: VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: WAYPOINT_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: URI_TOO_LONG */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    importRoute: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example 3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192 */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "format": "gpx",
                 *       "content": "content",
                 *       "maxWaypoints": 200
                 *     }
                 */
                "application/json": components["schemas"]["ImportRouteBody"];
            };
        };
        responses: {
            /** @description The new route */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": [
                     *         {
                     *           "id": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *           "teamId": "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                     *           "position": 0,
                     *           "name": "Land's End to John o' Groats",
                     *           "description": "From the south-west tip of Cornwall to the north-east of Scotland",
                     *           "lat": 50.0657,
                     *           "lon": -5.7132,
                     *           "distanceFromPreviousMeters": 83400.5,
                     *           "cumulativeMeters": 83400.5
                     *         }
                     *       ],
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["Waypoint"][];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR, BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: TEAM_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: URI_TOO_LONG */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INVALID_ROUTE_FILE */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listActivities: {
        parameters: {
            query?: {
                /** @example 2026-05-01 */
                from?: string;
                /** @example 2026-05-01 */
                to?: string;
                /** @example walk */
                type?: components["schemas"]["ActivityType"];
                /** @example 3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192 */
                teamId?: string;
                /**
                 * @description Where the page starts: `meta.nextCursor` of the previous page, passed back untouched. Omit it for the first page. Lists are keyset-paginated: pages stay stable while rows are added, and the last page has `meta.nextCursor: null`. A cursor that was not issued by the API is `400 INVALID_CURSOR`.
                 * @example eyJjcmVhdGVkQXQiOiIyMDI2LTA1LTAxIDA3OjMwOjAwKzAwIn0
                 */
                cursor?: components["parameters"]["PageCursor"];
                /**
                 * @description How many items at most (1–100, default 20).
                 * @example 20
                 */
                limit?: components["parameters"]["PageLimit"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of activities with their credits */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": [
                     *         {
                     *           "id": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *           "type": "walk",
                     *           "distanceMeters": 5200,
                     *           "steps": 7000,
                     *           "durationSeconds": 3600,
                     *           "startedAt": "2026-05-01T07:30:00.000Z",
                     *           "timezone": "Europe/London",
                     *           "localDay": "2026-05-01",
                     *           "source": "manual",
                     *           "clientId": "phone-2026-05-01-0730",
                     *           "externalId": "fitbit-123456789",
                     *           "rawMeters": 5200,
                     *           "credits": [
                     *             {
                     *               "teamId": "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                     *               "rawMeters": 5200,
                     *               "creditedMeters": 5200,
                     *               "reason": "duplicate"
                     *             }
                     *           ],
                     *           "createdAt": "2026-05-01T07:30:00.000Z"
                     *         }
                     *       ],
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0",
                     *         "nextCursor": "eyJjcmVhdGVkQXQiOiIyMDI2LTA1LTAxIDA3OjMwOjAwKzAwIn0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["Activity"][];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR, INVALID_CURSOR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: TEAM_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    logActivity: {
        parameters: {
            query?: never;
            header?: {
                /**
                 * @description Retry safely: the same key and body return the first response (kept 24 h)
                 * @example 0b6f3c1e-walk-2026-05-01
                 */
                "idempotency-key"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "type": "walk",
                 *       "distanceMeters": 5200,
                 *       "steps": 7000,
                 *       "durationSeconds": 3600,
                 *       "startedAt": "2026-05-01T07:30:00.000Z",
                 *       "timezone": "Europe/London",
                 *       "clientId": "phone-2026-05-01-0730",
                 *       "externalId": "fitbit-123456789",
                 *       "source": "manual",
                 *       "dailyTotal": true
                 *     }
                 */
                "application/json": components["schemas"]["LogActivityBody"];
            };
        };
        responses: {
            /** @description Already uploaded (same clientId or externalId): the first copy */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "activity": {
                     *           "id": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *           "type": "walk",
                     *           "distanceMeters": 5200,
                     *           "steps": 7000,
                     *           "durationSeconds": 3600,
                     *           "startedAt": "2026-05-01T07:30:00.000Z",
                     *           "timezone": "Europe/London",
                     *           "localDay": "2026-05-01",
                     *           "source": "manual",
                     *           "clientId": "phone-2026-05-01-0730",
                     *           "externalId": "fitbit-123456789",
                     *           "rawMeters": 5200,
                     *           "credits": [
                     *             {
                     *               "teamId": "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                     *               "rawMeters": 5200,
                     *               "creditedMeters": 5200,
                     *               "reason": "duplicate"
                     *             }
                     *           ],
                     *           "createdAt": "2026-05-01T07:30:00.000Z"
                     *         },
                     *         "duplicate": true
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["LoggedActivity"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Logged */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "activity": {
                     *           "id": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *           "type": "walk",
                     *           "distanceMeters": 5200,
                     *           "steps": 7000,
                     *           "durationSeconds": 3600,
                     *           "startedAt": "2026-05-01T07:30:00.000Z",
                     *           "timezone": "Europe/London",
                     *           "localDay": "2026-05-01",
                     *           "source": "manual",
                     *           "clientId": "phone-2026-05-01-0730",
                     *           "externalId": "fitbit-123456789",
                     *           "rawMeters": 5200,
                     *           "credits": [
                     *             {
                     *               "teamId": "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                     *               "rawMeters": 5200,
                     *               "creditedMeters": 5200,
                     *               "reason": "duplicate"
                     *             }
                     *           ],
                     *           "createdAt": "2026-05-01T07:30:00.000Z"
                     *         },
                     *         "duplicate": true
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["LoggedActivity"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR, BAD_REQUEST, ACTIVITY_IN_FUTURE */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: IDEMPOTENCY_IN_PROGRESS */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: IDEMPOTENCY_KEY_REUSED */
            422: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    syncActivities: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "items": [
                 *         {
                 *           "type": "walk",
                 *           "distanceMeters": 5200,
                 *           "steps": 7000,
                 *           "durationSeconds": 3600,
                 *           "startedAt": "2026-05-01T07:30:00.000Z",
                 *           "timezone": "Europe/London",
                 *           "clientId": "phone-2026-05-01-0730",
                 *           "externalId": "fitbit-123456789",
                 *           "source": "manual",
                 *           "dailyTotal": true
                 *         }
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["SyncBody"];
            };
        };
        responses: {
            /** @description One result per item, in order */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "results": [
                     *           {
                     *             "index": 0,
                     *             "status": "created",
                     *             "activityId": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *             "error": {
                     *               "code": "code",
                     *               "message": "The request is not valid"
                     *             }
                     *           }
                     *         ],
                     *         "created": 1,
                     *         "updated": 1,
                     *         "duplicates": 1,
                     *         "rejected": 1
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["SyncResult"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR, BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getScoreLedger: {
        parameters: {
            query: {
                /** @example 3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192 */
                teamId: string;
                /** @example 2026-05-01 */
                from?: string;
                /** @example 2026-05-01 */
                to?: string;
                /**
                 * @description Where the page starts: `meta.nextCursor` of the previous page, passed back untouched. Omit it for the first page. Lists are keyset-paginated: pages stay stable while rows are added, and the last page has `meta.nextCursor: null`. A cursor that was not issued by the API is `400 INVALID_CURSOR`.
                 * @example eyJjcmVhdGVkQXQiOiIyMDI2LTA1LTAxIDA3OjMwOjAwKzAwIn0
                 */
                cursor?: components["parameters"]["PageCursor"];
                /**
                 * @description How many ledger lines at most (1–500, default 100): the ledger is read in bulk.
                 * @example 100
                 */
                limit?: components["parameters"]["LedgerPageLimit"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of ledger lines, by day */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": [
                     *         {
                     *           "activityId": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *           "userId": "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                     *           "displayName": "Ada",
                     *           "type": "walk",
                     *           "startedAt": "2026-05-01T07:30:00.000Z",
                     *           "localDay": "2026-05-01",
                     *           "source": "manual",
                     *           "rawMeters": 5200,
                     *           "creditedMeters": 5200,
                     *           "reason": "duplicate",
                     *           "detailsHidden": true
                     *         }
                     *       ],
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0",
                     *         "nextCursor": "eyJjcmVhdGVkQXQiOiIyMDI2LTA1LTAxIDA3OjMwOjAwKzAwIn0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["LedgerLine"][];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR, INVALID_CURSOR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: TEAM_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    deleteActivity: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example 3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error codes: VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: ACTIVITY_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: URI_TOO_LONG */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getTeamProgress: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example 3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The team's progress */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "teamId": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *         "scoring": "sum",
                     *         "totalDistance": 412345.6,
                     *         "goalDistance": 1407031.2,
                     *         "distanceRemaining": 994685.6,
                     *         "percentComplete": 29.3,
                     *         "completed": true,
                     *         "reachedWaypoints": 1,
                     *         "currentLeg": {
                     *           "index": 0,
                     *           "from": {
                     *             "id": "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                     *             "name": "Land's End to John o' Groats",
                     *             "position": 0
                     *           },
                     *           "to": {
                     *             "id": "c2b7e0d4-1f3a-4b5c-9d6e-7f8091a2b3c4",
                     *             "name": "Land's End to John o' Groats",
                     *             "position": 0
                     *           },
                     *           "distanceMeters": 5200,
                     *           "coveredMeters": 1.5
                     *         },
                     *         "nextWaypoint": {
                     *           "id": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *           "name": "Land's End to John o' Groats",
                     *           "position": 0,
                     *           "cumulativeMeters": 83400.5
                     *         },
                     *         "distanceToNextWaypoint": 1.5,
                     *         "position": {
                     *           "lat": 50.0657,
                     *           "lon": -5.7132
                     *         },
                     *         "pace": {
                     *           "lastSevenDaysMeters": 84000,
                     *           "dailyMeters": 12000,
                     *           "requiredDailyMeters": 1.5,
                     *           "daysRemaining": 1
                     *         },
                     *         "eta": {
                     *           "nextWaypoint": "2026-05-01T07:30:00.000Z",
                     *           "finish": "2026-05-01T07:30:00.000Z"
                     *         },
                     *         "lastActivity": {
                     *           "activityId": "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                     *           "userId": "c2b7e0d4-1f3a-4b5c-9d6e-7f8091a2b3c4",
                     *           "displayName": "Ada",
                     *           "type": "type",
                     *           "creditedMeters": 5200,
                     *           "startedAt": "2026-05-01T07:30:00.000Z",
                     *           "localDay": "2026-05-01"
                     *         },
                     *         "members": [
                     *           {
                     *             "userId": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *             "displayName": "Ada",
                     *             "distanceMeters": 52310,
                     *             "sharePercent": 1.5,
                     *             "isMember": true
                     *           }
                     *         ],
                     *         "computedAt": "2026-05-01T07:30:00.000Z"
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["TeamProgress"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: TEAM_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: URI_TOO_LONG */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getTeamProgressPicture: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example 3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An SVG image */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example text */
                    "image/svg+xml": string;
                };
            };
            /** @description Error codes: VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: TEAM_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: URI_TOO_LONG */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getTeamLeaderboard: {
        parameters: {
            query?: {
                /**
                 * @description How many items at most (1–100, default 20).
                 * @example 20
                 */
                limit?: components["parameters"]["PageLimit"];
            };
            header?: never;
            path: {
                /** @example 3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Members, most metres first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": [
                     *         {
                     *           "rank": 1,
                     *           "userId": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *           "displayName": "Ada",
                     *           "distanceMeters": 5200
                     *         }
                     *       ],
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["MemberStanding"][];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: TEAM_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: URI_TOO_LONG */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getTeamsLeaderboard: {
        parameters: {
            query?: {
                /**
                 * @description How many items at most (1–100, default 20).
                 * @example 20
                 */
                limit?: components["parameters"]["PageLimit"];
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Teams, furthest along first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": [
                     *         {
                     *           "rank": 1,
                     *           "teamId": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *           "name": "Land's End to John o' Groats",
                     *           "visibility": "private",
                     *           "percentComplete": 1.5,
                     *           "totalDistance": 1.5,
                     *           "goalDistance": 1.5,
                     *           "isMember": true
                     *         }
                     *       ],
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["TeamStanding"][];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listNotifications: {
        parameters: {
            query?: {
                /**
                 * @description Where the page starts: `meta.nextCursor` of the previous page, passed back untouched. Omit it for the first page. Lists are keyset-paginated: pages stay stable while rows are added, and the last page has `meta.nextCursor: null`. A cursor that was not issued by the API is `400 INVALID_CURSOR`.
                 * @example eyJjcmVhdGVkQXQiOiIyMDI2LTA1LTAxIDA3OjMwOjAwKzAwIn0
                 */
                cursor?: components["parameters"]["PageCursor"];
                /**
                 * @description How many items at most (1–100, default 20).
                 * @example 20
                 */
                limit?: components["parameters"]["PageLimit"];
                /**
                 * @description Only notifications not read yet
                 * @example false
                 */
                unread?: boolean;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of your notifications */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": [
                     *         {
                     *           "id": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *           "type": "invitation",
                     *           "teamId": "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                     *           "title": "Land's End to John o'Groats reached Bristol",
                     *           "body": "body",
                     *           "data": {},
                     *           "createdAt": "2026-05-01T07:30:00.000Z",
                     *           "readAt": "2026-05-01T07:30:00.000Z"
                     *         }
                     *       ],
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0",
                     *         "nextCursor": "eyJjcmVhdGVkQXQiOiIyMDI2LTA1LTAxIDA3OjMwOjAwKzAwIn0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["Notification"][];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR, INVALID_CURSOR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    countUnreadNotifications: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The unread count */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "unread": 1
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["UnreadCount"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    markNotificationRead: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example 3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The notification, read */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "id": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *         "type": "invitation",
                     *         "teamId": "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                     *         "title": "Land's End to John o'Groats reached Bristol",
                     *         "body": "body",
                     *         "data": {},
                     *         "createdAt": "2026-05-01T07:30:00.000Z",
                     *         "readAt": "2026-05-01T07:30:00.000Z"
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["Notification"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: NOTIFICATION_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: URI_TOO_LONG */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    markAllNotificationsRead: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description How many were unread */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "updated": 1
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: {
                            updated: number;
                        };
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getNotificationPreferences: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Your preferences (defaults where you changed nothing) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "types": {
                     *           "invitation": {
                     *             "inApp": true,
                     *             "email": true
                     *           },
                     *           "member_joined": {
                     *             "inApp": true,
                     *             "email": true
                     *           },
                     *           "waypoint_reached": {
                     *             "inApp": true,
                     *             "email": true
                     *           },
                     *           "milestone": {
                     *             "inApp": true,
                     *             "email": true
                     *           },
                     *           "report_ready": {
                     *             "inApp": true,
                     *             "email": true
                     *           },
                     *           "integration_disconnected": {
                     *             "inApp": true,
                     *             "email": true
                     *           },
                     *           "sync_stale": {
                     *             "inApp": true,
                     *             "email": true
                     *           }
                     *         },
                     *         "quietHours": {
                     *           "start": "22:00",
                     *           "end": "22:00"
                     *         },
                     *         "digest": true
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["NotificationPreferences"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    updateNotificationPreferences: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "types": {
                 *         "invitation": {
                 *           "inApp": true,
                 *           "email": true
                 *         },
                 *         "member_joined": {
                 *           "inApp": true,
                 *           "email": true
                 *         },
                 *         "waypoint_reached": {
                 *           "inApp": true,
                 *           "email": true
                 *         },
                 *         "milestone": {
                 *           "inApp": true,
                 *           "email": true
                 *         },
                 *         "report_ready": {
                 *           "inApp": true,
                 *           "email": true
                 *         },
                 *         "integration_disconnected": {
                 *           "inApp": true,
                 *           "email": true
                 *         },
                 *         "sync_stale": {
                 *           "inApp": true,
                 *           "email": true
                 *         }
                 *       },
                 *       "quietHours": {
                 *         "start": "22:00",
                 *         "end": "22:00"
                 *       },
                 *       "digest": true
                 *     }
                 */
                "application/json": components["schemas"]["UpdateNotificationPreferences"];
            };
        };
        responses: {
            /** @description Your preferences now */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "types": {
                     *           "invitation": {
                     *             "inApp": true,
                     *             "email": true
                     *           },
                     *           "member_joined": {
                     *             "inApp": true,
                     *             "email": true
                     *           },
                     *           "waypoint_reached": {
                     *             "inApp": true,
                     *             "email": true
                     *           },
                     *           "milestone": {
                     *             "inApp": true,
                     *             "email": true
                     *           },
                     *           "report_ready": {
                     *             "inApp": true,
                     *             "email": true
                     *           },
                     *           "integration_disconnected": {
                     *             "inApp": true,
                     *             "email": true
                     *           },
                     *           "sync_stale": {
                     *             "inApp": true,
                     *             "email": true
                     *           }
                     *         },
                     *         "quietHours": {
                     *           "start": "22:00",
                     *           "end": "22:00"
                     *         },
                     *         "digest": true
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["NotificationPreferences"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR, BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    showUnsubscribe: {
        parameters: {
            query: {
                /**
                 * @description The signed token of the link in the email
                 * @example eyJhbGciOiJIUzI1NiJ9.example.signature
                 */
                token: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A confirmation page with a one-button form */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example text */
                    "text/html": string;
                };
            };
            /** @description Error codes: VALIDATION_ERROR, INVALID_UNSUBSCRIBE_LINK */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    unsubscribe: {
        parameters: {
            query: {
                /**
                 * @description The signed token of the link in the email
                 * @example eyJhbGciOiJIUzI1NiJ9.example.signature
                 */
                token: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "List-Unsubscribe": "One-Click"
                 *     }
                 */
                "application/x-www-form-urlencoded": components["schemas"]["UnsubscribeForm"];
                /**
                 * @example {
                 *       "List-Unsubscribe": "One-Click"
                 *     }
                 */
                "application/json": components["schemas"]["UnsubscribeForm"];
            };
        };
        responses: {
            /** @description Confirms the unsubscribe */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /** @example text */
                    "text/html": string;
                };
            };
            /** @description Error codes: VALIDATION_ERROR, BAD_REQUEST, INVALID_UNSUBSCRIBE_LINK */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listTeamReports: {
        parameters: {
            query?: {
                /**
                 * @description Where the page starts: `meta.nextCursor` of the previous page, passed back untouched. Omit it for the first page. Lists are keyset-paginated: pages stay stable while rows are added, and the last page has `meta.nextCursor: null`. A cursor that was not issued by the API is `400 INVALID_CURSOR`.
                 * @example eyJjcmVhdGVkQXQiOiIyMDI2LTA1LTAxIDA3OjMwOjAwKzAwIn0
                 */
                cursor?: components["parameters"]["PageCursor"];
                /**
                 * @description How many items at most (1–100, default 20).
                 * @example 20
                 */
                limit?: components["parameters"]["PageLimit"];
            };
            header?: never;
            path: {
                /** @example 3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description A page of reports */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": [
                     *         {
                     *           "id": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *           "teamId": "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                     *           "week": "2026-W47",
                     *           "from": "2026-05-01",
                     *           "to": "2026-05-01",
                     *           "generatedAt": "2026-05-01T07:30:00.000Z",
                     *           "weekMeters": 1.5,
                     *           "percentComplete": 1.5
                     *         }
                     *       ],
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0",
                     *         "nextCursor": "eyJjcmVhdGVkQXQiOiIyMDI2LTA1LTAxIDA3OjMwOjAwKzAwIn0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["ReportSummary"][];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR, INVALID_CURSOR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: TEAM_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: URI_TOO_LONG */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getReport: {
        parameters: {
            query?: {
                /**
                 * @description Overrides the Accept header (text/csv, text/html, application/json)
                 * @example json
                 */
                format?: "json" | "csv" | "html";
            };
            header?: never;
            path: {
                /** @example 3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The report */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "id": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *         "teamId": "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                     *         "week": "2026-W47",
                     *         "from": "2026-05-01",
                     *         "to": "2026-05-01",
                     *         "generatedAt": "2026-05-01T07:30:00.000Z",
                     *         "report": {
                     *           "teamId": "c2b7e0d4-1f3a-4b5c-9d6e-7f8091a2b3c4",
                     *           "teamName": "teamName",
                     *           "week": "2026-W47",
                     *           "from": "2026-05-01",
                     *           "to": "2026-05-01",
                     *           "timezone": "Europe/London",
                     *           "scoring": "sum",
                     *           "goalDistance": 1.5,
                     *           "totals": {
                     *             "weekMeters": 1.5,
                     *             "toDateMeters": 1.5,
                     *             "progressMeters": 1.5,
                     *             "percentComplete": 1.5
                     *           },
                     *           "pace": {
                     *             "achievedDailyMeters": 1.5,
                     *             "requiredDailyMeters": 1.5,
                     *             "daysRemaining": 1
                     *           },
                     *           "daily": [
                     *             {
                     *               "day": "2026-05-01",
                     *               "meters": 1.5
                     *             }
                     *           ],
                     *           "members": [
                     *             {
                     *               "userId": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *               "displayName": "Ada",
                     *               "isMember": true,
                     *               "weekMeters": 1.5,
                     *               "toDateMeters": 1.5,
                     *               "activeDays": 1,
                     *               "streakDays": 1,
                     *               "longestStreakInWeek": 1
                     *             }
                     *           ],
                     *           "topContributors": [
                     *             {
                     *               "userId": "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                     *               "displayName": "Ada",
                     *               "weekMeters": 1.5
                     *             }
                     *           ],
                     *           "waypointsReached": [
                     *             {
                     *               "waypointId": "c2b7e0d4-1f3a-4b5c-9d6e-7f8091a2b3c4",
                     *               "name": "Land's End to John o' Groats",
                     *               "position": 0,
                     *               "reachedAt": "2026-05-01T07:30:00.000Z"
                     *             }
                     *           ]
                     *         }
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["Report"];
                        meta: components["schemas"]["Meta"];
                    };
                    /** @example text */
                    "text/csv": string;
                    /** @example text */
                    "text/html": string;
                };
            };
            /** @description Error codes: VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: REPORT_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: URI_TOO_LONG */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listIntegrations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description One entry per provider */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": [
                     *         {
                     *           "provider": "strava",
                     *           "name": "Strava",
                     *           "available": true,
                     *           "unavailableReason": "unavailableReason",
                     *           "status": "not_connected",
                     *           "source": "manual",
                     *           "connectedAt": "2026-05-01T07:30:00.000Z",
                     *           "health": {
                     *             "status": "ok",
                     *             "lastSuccessAt": "2026-05-01T07:30:00.000Z",
                     *             "lastAttemptAt": "2026-05-01T07:30:00.000Z",
                     *             "lastError": "lastError",
                     *             "lastErrorAt": "2026-05-01T07:30:00.000Z",
                     *             "nextSyncAfter": "2026-05-01T07:30:00.000Z",
                     *             "hoursSinceSuccess": 1,
                     *             "warning": "warning"
                     *           }
                     *         }
                     *       ],
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["IntegrationConnection"][];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    connectIntegration: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /**
                 * @description google, strava (garmin: a slot, not connectable)
                 * @example google
                 */
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Open `authorizationUrl` in a browser */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "provider": "provider",
                     *         "authorizationUrl": "https://example.com/",
                     *         "expiresAt": "2026-05-01T07:30:00.000Z",
                     *         "pkce": true
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["IntegrationConnectStart"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTEGRATION_PROVIDER_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTEGRATION_NOT_AVAILABLE */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: URI_TOO_LONG */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    integrationCallback: {
        parameters: {
            query?: {
                /** @example code */
                code?: string;
                /** @example state */
                state?: string;
                /** @example error */
                error?: string;
                /** @example scope */
                scope?: string;
                /** @example authuser */
                authuser?: string;
                /** @example prompt */
                prompt?: string;
                /** @example hd */
                hd?: string;
                /** @example iss */
                iss?: string;
            };
            header?: never;
            path: {
                /**
                 * @description google, strava (garmin: a slot, not connectable)
                 * @example google
                 */
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Connected; the first sync is on its way */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "provider": "provider",
                     *         "status": "connected",
                     *         "connectionId": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192"
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["IntegrationConnected"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR, OAUTH_STATE_INVALID, OAUTH_DENIED */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTEGRATION_PROVIDER_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTEGRATION_NOT_AVAILABLE */
            409: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: URI_TOO_LONG */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: PROVIDER_ERROR */
            502: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    disconnectIntegration: {
        parameters: {
            query?: {
                /**
                 * @description What happens to activities already imported from it. Default: `delete` for Strava (its terms), `keep` for the others. Deleted ones stop crediting, and their days are credited again.
                 * @example keep
                 */
                activities?: "keep" | "delete";
            };
            header?: never;
            path: {
                /**
                 * @description google, strava (garmin: a slot, not connectable)
                 * @example google
                 */
                provider: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Disconnected */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "provider": "provider",
                     *         "status": "disconnected",
                     *         "revokedAtProvider": true,
                     *         "importedActivities": "kept",
                     *         "deletedActivities": 1
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["IntegrationDisconnected"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTEGRATION_PROVIDER_NOT_FOUND, INTEGRATION_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: URI_TOO_LONG */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    getSourcePriority: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description null: the default rule (the highest total) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "sources": [
                     *           "sources"
                     *         ]
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["SourcePriorityView"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    setSourcePriority: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "sources": [
                 *         "sources"
                 *       ]
                 *     }
                 */
                "application/json": components["schemas"]["SourcePriority"];
            };
        };
        responses: {
            /** @description Stored */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "sources": [
                     *           "sources"
                     *         ]
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["SourcePriorityView"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR, BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    stravaWebhookVerify: {
        parameters: {
            query: {
                /** @example hub.mode */
                "hub.mode": string;
                /** @example eyJhbGciOiJIUzI1NiJ9.example.signature */
                "hub.verify_token": string;
                /** @example hub.challenge */
                "hub.challenge": string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The challenge, as Strava expects it (no envelope) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "hub.challenge": "hub.challenge"
                     *     }
                     */
                    "application/json": {
                        "hub.challenge": string;
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: WEBHOOK_FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    stravaWebhookEvent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "object_type": "activity",
                 *       "object_id": 1,
                 *       "aspect_type": "create",
                 *       "owner_id": 1,
                 *       "subscription_id": 1,
                 *       "event_time": 1,
                 *       "updates": {}
                 *     }
                 */
                "application/json": components["schemas"]["StravaWebhookEvent"];
            };
        };
        responses: {
            /** @description Received */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "accepted": true
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["WebhookAck"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR, BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: WEBHOOK_FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    googleHealthWebhookEvent: {
        parameters: {
            query?: never;
            header?: {
                /** @example authorization */
                authorization?: string;
                /** @example x-healthapi-signature */
                "x-healthapi-signature"?: string;
            };
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "type": "type",
                 *       "userId": "userId",
                 *       "dataType": "steps",
                 *       "notificationId": "notificationId"
                 *     }
                 */
                "application/json": components["schemas"]["GoogleHealthWebhookEvent"];
            };
        };
        responses: {
            /** @description Received */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "accepted": true
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["WebhookAck"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Endpoint check passed */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "accepted": true
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["WebhookAck"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR, BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: WEBHOOK_FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listTeamMessages: {
        parameters: {
            query?: {
                /**
                 * @description Where the page starts: `meta.nextCursor` of the previous page, passed back untouched. Omit it for the first page. Lists are keyset-paginated: pages stay stable while rows are added, and the last page has `meta.nextCursor: null`. A cursor that was not issued by the API is `400 INVALID_CURSOR`.
                 * @example eyJjcmVhdGVkQXQiOiIyMDI2LTA1LTAxIDA3OjMwOjAwKzAwIn0
                 */
                cursor?: components["parameters"]["PageCursor"];
                /**
                 * @description How many items at most (1–100, default 20).
                 * @example 20
                 */
                limit?: components["parameters"]["PageLimit"];
            };
            header?: never;
            path: {
                /** @example 3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Messages, newest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": [
                     *         {
                     *           "id": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *           "teamId": "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                     *           "authorId": "c2b7e0d4-1f3a-4b5c-9d6e-7f8091a2b3c4",
                     *           "authorName": "authorName",
                     *           "text": "Oxford by Friday?",
                     *           "clientMessageId": "clientMessageId",
                     *           "createdAt": "2026-05-01T07:30:00.000Z"
                     *         }
                     *       ],
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0",
                     *         "nextCursor": "eyJjcmVhdGVkQXQiOiIyMDI2LTA1LTAxIDA3OjMwOjAwKzAwIn0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["ChatMessage"][];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR, INVALID_CURSOR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: TEAM_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: URI_TOO_LONG */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    sendTeamMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example 3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192 */
                id: string;
            };
            cookie?: never;
        };
        requestBody: {
            content: {
                /**
                 * @example {
                 *       "text": "text",
                 *       "clientMessageId": "clientMessageId"
                 *     }
                 */
                "application/json": components["schemas"]["SendMessageBody"];
            };
        };
        responses: {
            /** @description Sent before with this clientMessageId: the first message */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "id": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *         "teamId": "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                     *         "authorId": "c2b7e0d4-1f3a-4b5c-9d6e-7f8091a2b3c4",
                     *         "authorName": "authorName",
                     *         "text": "Oxford by Friday?",
                     *         "clientMessageId": "clientMessageId",
                     *         "createdAt": "2026-05-01T07:30:00.000Z"
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["ChatMessage"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Sent, and pushed to the team */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "id": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *         "teamId": "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                     *         "authorId": "c2b7e0d4-1f3a-4b5c-9d6e-7f8091a2b3c4",
                     *         "authorName": "authorName",
                     *         "text": "Oxford by Friday?",
                     *         "clientMessageId": "clientMessageId",
                     *         "createdAt": "2026-05-01T07:30:00.000Z"
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["ChatMessage"];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR, BAD_REQUEST */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: TEAM_NOT_FOUND, MESSAGE_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: PAYLOAD_TOO_LARGE */
            413: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: URI_TOO_LONG */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNSUPPORTED_MEDIA_TYPE */
            415: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: RATE_LIMITED */
            429: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    deleteTeamMessage: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                /** @example 3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192 */
                id: string;
                /** @example 3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192 */
                messageId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Deleted */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description Error codes: VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: FORBIDDEN */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: TEAM_NOT_FOUND, MESSAGE_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: URI_TOO_LONG */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    listTeamEvents: {
        parameters: {
            query?: {
                /**
                 * @description The last `seq` you have; 0 for everything still kept
                 * @example 0
                 */
                after?: number;
                /**
                 * @description How many events at most (1–1,000, default 100): a client catching up reads the missed events in bulk.
                 * @example 100
                 */
                limit?: components["parameters"]["EventPageLimit"];
            };
            header?: never;
            path: {
                /** @example 3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192 */
                id: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Events after `after`, oldest first */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": [
                     *         {
                     *           "id": "3f6c1b2e-8a4d-4c1e-9b7a-2d5e6f708192",
                     *           "seq": 1,
                     *           "teamId": "7a1d2c3b-4e5f-4a6b-8c7d-9e0f1a2b3c4d",
                     *           "type": "progress_update",
                     *           "data": {},
                     *           "at": "2026-05-01T07:30:00.000Z"
                     *         }
                     *       ],
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: components["schemas"]["TeamEvent"][];
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: UNAUTHORIZED, SESSION_EXPIRED */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: TEAM_NOT_FOUND */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: RESYNC_REQUIRED */
            410: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: URI_TOO_LONG */
            414: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    health: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The process is alive */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "status": "ok",
                     *         "uptimeSeconds": 3600
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: {
                            /** @enum {string} */
                            status: "ok";
                            uptimeSeconds: number;
                        };
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
    ready: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Every dependency answers */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    /**
                     * @example {
                     *       "success": true,
                     *       "data": {
                     *         "status": "ready",
                     *         "checks": {
                     *           "database": "up",
                     *           "dynamodb": "up"
                     *         }
                     *       },
                     *       "meta": {
                     *         "timestamp": "2026-05-01T07:30:00.000Z",
                     *         "version": "1.0"
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @enum {boolean} */
                        success: true;
                        data: {
                            /** @enum {string} */
                            status: "ready";
                            checks: {
                                /** @enum {string} */
                                database: "up";
                                /** @enum {string} */
                                dynamodb: "up";
                            };
                        };
                        meta: components["schemas"]["Meta"];
                    };
                };
            };
            /** @description Error codes: VALIDATION_ERROR */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: INTERNAL_ERROR */
            500: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
            /** @description Error codes: SERVICE_UNAVAILABLE, DATABASE_UNAVAILABLE, DATABASE_TIMEOUT, DEPENDENCY_UNAVAILABLE */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ErrorResponse"];
                };
            };
        };
    };
}
