namespace RepoOrchestrator.Security.Redaction;

/// <summary>Payments, commerce, messaging and e-mail.</summary>
internal static partial class ProviderCatalog
{
    private const string Pay = "payments";
    private const string M = "messaging";

    private static IEnumerable<ProviderTokenFormat> Payments() =>
    [
        P("stripe", Pay, "stripe-webhook-secret", @"\bwhsec_[A-Za-z0-9+/]{32,}", "whsec_"),
        P("braintree", Pay, "braintree-access-token", @"access_token\$(?:production|sandbox)\$[0-9a-z]{16}\$[0-9a-f]{32}", "access_token$"),
        P("square", Pay, "square-token", @"\b(?:EAAA[\w-]{60}|sq0(?:atp|csp)-[\w-]{22,43})", "EAAA", "sq0atp-", "sq0csp-"),
        N("adyen", Pay, "adyen-api-key", @"\bAQE[A-Za-z0-9_.+/=-]{80,}", "adyen"),
        P("razorpay", Pay, "razorpay-key", @"\brzp_(?:live|test)_[A-Za-z0-9]{14}\b", "rzp_live_", "rzp_test_"),
        P("flutterwave", Pay, "flutterwave-key", @"\bFLW(?:SECK|PUBK)(?:_TEST)?-[a-h0-9]{32}-X\b|\bFLWSECK_TEST-?[a-h0-9]{12}\b", "FLWSECK", "FLWPUBK"),
        N("mollie", Pay, "mollie-api-key", @"\b(?:live|test)_[A-Za-z0-9]{30}\b", "mollie"),
        N("coinbase", Pay, "coinbase-token", @"\b[A-Za-z0-9_-]{64}\b", "coinbase"),
        P("plaid", Pay, "plaid-access-token", @"\baccess-(?:sandbox|development|production)-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\b", "access-sandbox-", "access-development-", "access-production-"),
        N("plaid", Pay, "plaid-secret", @"\b[a-z0-9]{30}\b|\b[a-z0-9]{24}\b", "plaid"),
        N("gocardless", Pay, "gocardless-token", @"\b(?:live|sandbox)_[A-Za-z0-9_=-]{40}", "gocardless"),
        P("checkout", Pay, "checkout-secret-key", @"\bsk_sbox_[a-z0-9]{26}\b", "sk_sbox_"),
        P("shopify", Pay, "shopify-token", @"\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b", "shpat_", "shpca_", "shppa_", "shpss_"),
        P("woocommerce", Pay, "woocommerce-key", @"\bc[ks]_[a-f0-9]{40}\b", "ck_", "cs_"),
        P("duffel", Pay, "duffel-token", @"\bduffel_(?:test|live)_[A-Za-z0-9_=-]{43}", "duffel_"),
        P("easypost", Pay, "easypost-key", @"\bEZ[AT]K[A-Za-z0-9]{54}\b", "EZAK", "EZTK"),
        P("shippo", Pay, "shippo-token", @"\bshippo_(?:live|test)_[a-fA-F0-9]{40}\b", "shippo_"),
        N("lob", Pay, "lob-api-key", @"\b(?:live|test)_(?:pub_)?[a-f0-9]{31,35}\b", "lob"),
        N("kraken", Pay, "kraken-key", @"[A-Za-z0-9/=+_-]{80,90}", "kraken"),
        N("kucoin", Pay, "kucoin-key", @"\b[a-f0-9]{24}\b|" + Uuid, "kucoin"),
        N("binance", Pay, "binance-key", @"\b[A-Za-z0-9]{64}\b", "binance"),
        N("bittrex", Pay, "bittrex-key", Hex32, "bittrex"),
        N("finicity", Pay, "finicity-secret", @"\b[A-Za-z0-9]{20}\b|" + Hex32, "finicity"),
        N("finnhub", Pay, "finnhub-token", @"\b[a-z0-9]{20}\b", "finnhub"),
        N("etsy", Pay, "etsy-key", @"\b[a-z0-9]{24}\b", "etsy"),
        P("mercadopago", Pay, "mercadopago-access-token", @"\bAPP_USR-\d{16}-\d{6}-[a-f0-9]{32}-\d{6,10}\b", "APP_USR-"),
        N("paypal", Pay, "paypal-client-secret", @"\bE[A-Za-z0-9_-]{79}\b|\b[A-Za-z0-9_.-]{44,80}\b", "paypal"),
        P("paystack", Pay, "paystack-secret-key", @"\bsk_(?:live|test)_[a-f0-9]{40}\b", "sk_live_", "sk_test_"),
    ];

    private static IEnumerable<ProviderTokenFormat> Messaging() =>
    [
        P("slack", M, "slack-app-token", @"\bxapp-\d-[A-Z0-9]+-\d+-[a-z0-9]+", "xapp-"),
        P("slack", M, "slack-config-token", @"\bxox[eo](?:\.xox[bp])?-[0-9A-Za-z-]{10,}", "xoxe", "xoxo"),
        N("discord", M, "discord-client-credential", Hex64 + @"|\b[0-9]{17,19}\b|\b[A-Za-z0-9=_-]{32}\b", "discord"),
        N("discord", M, "discord-bot-token", @"\b[MNO][A-Za-z0-9_-]{23,25}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,38}\b", "discord"),
        Pi("discord", M, "discord-webhook-url", @"discord(?:app)?\.com/api/webhooks/\d+/(?<secret>[\w-]{60,})", "/api/webhooks/"),
        Pi("telegram", M, "telegram-bot-token", @"\b\d{8,10}:AA[\w-]{33}", ":AA"),
        N("telegram", M, "telegram-bot-token-named", @"\b[0-9]{5,16}:A[A-Za-z0-9_-]{34}\b", "telegr"),
        N("twilio", M, "twilio-sid", @"\b(?:AC|SK)[0-9a-fA-F]{32}\b", "twilio"),
        N("twilio", M, "twilio-auth-token", @"\b[0-9a-fA-F]{32}\b", "twilio"), // lower-case as issued; mixed case as written in samples
        P("sendgrid", M, "sendgrid-api-key", @"\bSG\.(?:[\w-]{22}\.[\w-]{43}|[\w=.-]{66})", "SG."),
        P("mailgun", M, "mailgun-key", @"\b(?:pub)?key-[a-f0-9]{32}\b", "key-", "pubkey-"),
        N("mailgun", M, "mailgun-signing-key", @"\b[a-h0-9]{32}-[a-h0-9]{8}-[a-h0-9]{8}\b", "mailgun"),
        Pi("mailchimp", M, "mailchimp-api-key", @"\b[0-9a-f]{32}-us\d{1,2}\b", "-us"),
        N("mandrill", M, "mandrill-api-key", @"\b[A-Za-z0-9_-]{22}\b", "mandrill"),
        N("postmark", M, "postmark-token", Uuid, "postmark"),
        P("brevo", M, "brevo-api-key", @"\bx(?:keysib|smtpsib)-[a-f0-9]{64}-[A-Za-z0-9]{16}\b", "xkeysib-", "xsmtpsib-"),
        N("sparkpost", M, "sparkpost-api-key", Hex40, "sparkpost"),
        N("mailjet", M, "mailjet-key", Hex32, "mailjet"),
        N("messagebird", M, "messagebird-key", @"\b[A-Za-z0-9]{25}\b|" + Uuid, "messagebird", "message_bird", "message-bird"),
        N("vonage", M, "vonage-api-secret", @"\b[A-Za-z0-9]{16}\b|\b[a-f0-9]{8}\b", "vonage", "nexmo"),
        N("plivo", M, "plivo-auth-token", @"\b[A-Za-z0-9]{40}\b|\b[MS]A[A-Z0-9]{18}\b", "plivo"),
        N("pusher", M, "pusher-secret", @"\b[a-f0-9]{20}\b", "pusher"),
        N("ably", M, "ably-api-key", @"\b[\w-]{6}\.[\w-]{6}:[\w+/=-]{43}", "ably"),
        P("pubnub", M, "pubnub-secret-key", @"\bsec-c-[A-Za-z0-9]{48}\b", "sec-c-"),
        N("sendbird", M, "sendbird-token", Hex40 + "|" + Uuid, "sendbird"),
        N("intercom", M, "intercom-token", @"\b[A-Za-z0-9_=-]{59,60}\b", "intercom"),
        N("zendesk", M, "zendesk-token", Alnum40, "zendesk"),
        N("freshdesk", M, "freshdesk-api-key", @"\b[A-Za-z0-9]{20}\b", "freshdesk"),
        // webhook.office.com/webhookb2/… and the older outlook.office.com/webhook/… form of the same URL.
        Pi("microsoft-teams", M, "microsoft-teams-webhook", @"(?:\.webhook\.office\.com/webhookb2|outlook\.office\.com/webhook)/[\w@-]{30,}/IncomingWebhook/(?<secret>[a-z0-9]{32}/[\w-]{36})", "webhook.office.com", "outlook.office.com/webhook"),
        N("zulip", M, "zulip-api-key", Alnum32, "zulip"),
        N("mattermost", M, "mattermost-token", @"\b[a-z0-9]{26}\b", "mattermost"),
        // An incoming webhook's URL on a Mattermost host: the hook id is the credential.
        Pi("mattermost", M, "mattermost-webhook-url", @"mattermost[a-z0-9.-]*(?::\d{2,5})?/hooks/(?<secret>[a-z0-9]{26})\b", "/hooks/"),
        N("gitter", M, "gitter-token", @"\b[a-z0-9_-]{40}\b", "gitter"),
        N("twitch", M, "twitch-token", @"\b[a-z0-9]{30}\b", "twitch"),
        P("twitter", M, "twitter-bearer-token", @"\bA{22}[A-Za-z0-9%]{80,}", "AAAAAAAAAAAAAAAAAAAAAA"),
        N("twitter", M, "twitter-key", @"\b[0-9]{15,25}-[A-Za-z0-9]{20,40}\b|\b[A-Za-z0-9]{25}\b|\b[A-Za-z0-9]{45,50}\b", "twitter"),
        P("facebook", M, "facebook-access-token", @"\bEAA[A-Za-z0-9]{100,}", "EAA"),
        N("facebook", M, "facebook-app-secret", Hex32 + @"|\b[0-9]{15,16}(?:\||%7C|%)[A-Za-z0-9_-]{27,40}\b", "facebook", "fb_app"),
        P("instagram", M, "instagram-token", @"\bIGQV[\w-]{100,}", "IGQV"),
        N("linkedin", M, "linkedin-secret", @"\b[A-Za-z0-9]{16}\b|\b[A-Za-z0-9]{14}\b", "linkedin", "linked_in", "linked-in"),
        N("reddit", M, "reddit-secret", @"\b[A-Za-z0-9_-]{27,30}\b", "reddit"),
        N("line", M, "line-channel-secret", Hex32, "line_channel", "linebot", "line_bot"),
        N("wechat", M, "wechat-app-secret", Hex32, "wechat", "weixin"),
        N("kakao", M, "kakao-key", Hex32, "kakao"),
        P("zapier", M, "zapier-webhook", @"hooks\.zapier\.com/hooks/catch/\d+/(?<secret>[a-z0-9]{6,})", "hooks.zapier.com"),
        P("onesignal", M, "onesignal-key", @"\bos_v2_app_[a-z0-9]{100,}", "os_v2_app_"),
        N("onesignal", M, "onesignal-legacy-key", @"\b[A-Za-z0-9]{48}\b", "onesignal"),
        N("customerio", M, "customerio-key", @"\b[a-f0-9]{20}\b|" + Hex32, "customer.io", "customerio", "customer_io"),
        N("braze", M, "braze-api-key", Uuid, "braze"),
        P("klaviyo", M, "klaviyo-private-key", @"\bpk_[a-f0-9]{34}\b", "pk_"),
        N("agora", M, "agora-certificate", Hex32, "agora"),
    ];
}
