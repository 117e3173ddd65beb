/*
 * client.h: the roundtable terminal client.
 *
 * The client is a libevent program in layers:
 *   net.c	TCP connect, TLS 1.3 (bufferevent_openssl), framing;
 *   client.c	the protocol: handshake, login, requests and replies;
 *   cmd*.c	the command table and one file per command (cmdutil.c: what
 *		the space and session commands share);
 *   fe-*.c	frontends (line mode, batch mode, the full-screen interface)
 *		that show what happens and feed commands in;
 * plus modules with no I/O of their own that the unit tests drive:
 * cmdline.c (the command parser), msgjson.c (messages as JSON),
 * hostkey.c (fingerprints and known_hosts), sanitize.c (terminal-safe
 * text) and options.c (the option table, config file and --help); and,
 * declared in model.h, the model of windows and sessions (model.c,
 * model-reply.c), the view (view.c, view-pane.c), display widths
 * (width.c) and the line editor (lineedit.c).
 */
#ifndef RT_CLIENT_H
#define RT_CLIENT_H

#include <sys/queue.h>
#include <sys/types.h>

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include <jansson.h>

#include "rt-proto.h"

struct event;
struct event_base;
struct ssl_ctx_st;
struct client;
struct model;

/* Exit codes, from sysexits.h. */
#define EXIT_OK			0
#define EXIT_USAGE		64	/* EX_USAGE: bad command line */
#define EXIT_DATAERR		65	/* EX_DATAERR: a batch command refused */
#define EXIT_NOINPUT		66	/* EX_NOINPUT: a named file unreadable */
#define EXIT_NOHOST		68	/* EX_NOHOST: the host name is unknown */
#define EXIT_UNAVAILABLE	69	/* EX_UNAVAILABLE: server unreachable */
#define EXIT_SOFTWARE		70	/* EX_SOFTWARE: our own bug */
#define EXIT_IOERR		74	/* EX_IOERR: output or known_hosts I/O */
#define EXIT_TEMPFAIL		75	/* EX_TEMPFAIL: connection lost */
#define EXIT_PROTOCOL		76	/* EX_PROTOCOL: protocol or version */
#define EXIT_NOPERM		77	/* EX_NOPERM: auth or host key failure */
#define EXIT_CONFIG		78	/* EX_CONFIG: bad config file */

/* options.c */
#define OPT_DEFAULT	0	/* where a setting came from */
#define OPT_CONFIG	1
#define OPT_CLI		2

#define OPTF_PATH	0x01	/* a file name: "~/" expands to $HOME */

enum opt_kind {
	OPTK_STRING,		/* takes a value */
	OPTK_FLAG,		/* sets an int to 1 */
	OPTK_HELP,		/* --help */
	OPTK_VERSION		/* --version */
};

/* Every setting, after the command line, config file and defaults. */
struct options {
	char	*host;
	char	*port;
	char	*user;
	char	*ca;
	char	*fingerprint;
	char	*password_file;
	char	*config;
	int	 batch;
	int	 line;		/* line mode even on a terminal */
	char	*alert;		/* bell, flash, none */
	char	*colors;	/* yes, no */
	char	*color_status;	/* FG[/BG] per part of the screen */
	char	*color_note;
	char	*color_refusal;
	char	*color_phase;
	char	*color_self;
	int	 help;
	int	 version;
	int	 from[32];	/* OPT_* per option table row */
};

/* One row of the option table: a command-line option, a config key, or both. */
struct opt_entry {
	const char	*name;		/* long option, or NULL */
	int		 letter;	/* short option, or 0 */
	const char	*arg;		/* value name for --help, or NULL */
	const char	*section;	/* config file section, or NULL */
	const char	*key;		/* config file key, or NULL */
	enum opt_kind	 kind;
	int		 flags;		/* OPTF_* */
	size_t		 off;		/* offset in struct options */
	const char	*def;		/* built-in default, or NULL */
	const char	*def_env;	/* environment variable default, or NULL */
	int		(*check)(char **, char *, size_t);
	const char	*help;
};

/* One row of the exit code table, for --help and the man page. */
struct exit_entry {
	int		 code;
	const char	*name;
	const char	*help;
};

const struct opt_entry	*options_at(size_t);
const struct exit_entry	*options_exit_at(size_t);
int	 options_parse(struct options *, int, char **, char *, size_t);
int	 options_load(struct options *, const char *, int, char *, size_t);
int	 options_finish(struct options *, char *, size_t);
int	 options_from(const struct options *, const char *);
void	 options_free(struct options *);
char	*options_usage(void);
char	*options_help(void);
char	*options_config_dir(void);
char	*options_config_path(const char *);
int	 options_mkdir(const char *, char *, size_t);
int	 options_color(const char *, int *, int *);

/* cmdline.c */
#define CMDLINE_ARGS_MAX	64

/* A command line split into words. */
struct cmdline {
	int	  argc;
	char	**argv;
};

int	 cmdline_split(const char *, size_t, size_t, int, struct cmdline *,
	    char *, size_t);
int	 cmdline_first(const char *, size_t, size_t, char **, size_t *,
	    char *, size_t);
void	 cmdline_free(struct cmdline *);
char	*cmdline_quote(const char *);

/* cmd.c */
#define CMD_READY	0x01	/* needs a logged-in connection */
#define CMD_RAWLAST	0x02	/* last argument: rest of the line, verbatim */

enum cmd_retval {
	CMD_DONE,		/* the command ran (or was sent) */
	CMD_ERROR		/* refused; cmd_error has said why */
};

/* One command: one file cmd-NAME.c defines it, cmd.c lists it. */
struct cmd_entry {
	const char	*name;
	const char	*alias;		/* or NULL */
	int		 args_min;
	int		 args_max;
	const char	*usage;		/* the arguments, for /help */
	const char	*help;		/* first line: summary; then detail */
	int		 flags;		/* CMD_* */
	enum cmd_retval	(*exec)(struct client *, int, char **);
};

const struct cmd_entry	*cmd_at(size_t);
const struct cmd_entry	*cmd_find(const char *);
enum cmd_retval		 cmd_execute(struct client *, const char *, size_t);
char			*cmd_help_text(const struct cmd_entry *);
char			*cmd_help_group(const char *);
json_t			*cmd_help_json(const struct cmd_entry *);
json_t			*cmd_help_json_group(const struct cmd_entry *,
			    const char *);
int			 cmd_is_group(const char *);
void			 cmd_error(struct client *, const char *, ...)
			    __attribute__((__format__(printf, 2, 3)));

/* msgjson.c */
#define MSGJSON_REDACTED	"<redacted>"

json_t	*msgjson_encode(const struct proto_msg *);
json_t	*msgjson_text(const char *);
int	 msgjson_decode(const struct msgdef *, const char *, size_t,
	    struct proto_msg *, char *, size_t);
char	*msgjson_dump(const json_t *);
const struct msgdef *msgjson_lookup(const char *);

/* hostkey.c */
#define HOSTKEY_PREFIX	"SHA256:"
#define HOSTKEY_DIGEST	32
#define HOSTKEY_LEN	(7 + HOSTKEY_DIGEST * 3 - 1)
#define HOSTKEY_SIZE	(HOSTKEY_LEN + 1)

enum hostkey_status {
	HOSTKEY_ERROR = -1,	/* the file could not be read */
	HOSTKEY_UNKNOWN,	/* no entry for the host */
	HOSTKEY_MATCH,		/* the entry matches */
	HOSTKEY_CHANGED		/* the entry holds another fingerprint */
};

/* What hostkey_lookup found for a host. */
struct hostkey_entry {
	char		 fp[HOSTKEY_SIZE];
	unsigned long	 line;
};

void	 hostkey_format(const uint8_t *, char *);
int	 hostkey_parse(const char *, char *);
void	 hostkey_name(const char *, const char *, char *, size_t);
enum hostkey_status hostkey_lookup(const char *, const char *, const char *,
	    struct hostkey_entry *, char *, size_t);
int	 hostkey_store(const char *, const char *, const char *, char *,
	    size_t);

/* sanitize.c */
#define SAN_NEWLINE	0x01	/* keep newlines */
#define SAN_TAB		0x02	/* keep tabs (otherwise a space) */

char	*sanitize(const char *, size_t, int);
char	*sanitize_str(const char *, int);

/* password.c */
int	 password_read_file(const char *, char **, char *, size_t);
int	 password_check(const char *, char *, size_t);

/* input.c */
struct input;
typedef void	(*input_line_cb)(const char *, size_t, unsigned long, void *);
typedef void	(*input_eof_cb)(void *);

struct input	*input_create(struct event_base *, int, input_line_cb,
		    input_eof_cb, void *);
void		 input_free(struct input *);
void		 input_enable(struct input *);
void		 input_disable(struct input *);
int		 input_set_echo(struct input *, int);
int		 input_is_tty(const struct input *);

/* net.c */
struct net;

/* What the connection reports to its owner. */
struct net_cb {
	void	(*connected)(void *);
	void	(*message)(void *, struct proto_msg *);
	void	(*bad_message)(void *, const struct proto_msg *,
		    const struct proto_err *);
	void	(*lost)(void *, int, const char *);
	void	(*closed)(void *);
};

struct net	*net_connect(struct event_base *, struct ssl_ctx_st *,
		    const char *, const char *, int, const struct net_cb *,
		    void *);
int		 net_send(struct net *, const struct proto_msg *, uint32_t,
		    char *, size_t);
void		 net_pause(struct net *, int);
void		 net_close(struct net *);
void		 net_free(struct net *);
const char	*net_address(const struct net *);
int		 net_fingerprint(struct net *, char *);

/* tls.c */
struct ssl_ctx_st	*tls_context(const char *, char *, size_t);
int			 tls_host_is_ip(const char *);

/* client.c */
enum client_state {
	CS_IDLE,		/* not connected */
	CS_CONNECTING,		/* TCP connect and TLS handshake */
	CS_VERIFY,		/* waiting for the user to trust the server */
	CS_HELLO,		/* hello sent, waiting for welcome */
	CS_LOGIN,		/* welcome received; logging in */
	CS_READY,		/* logged in */
	CS_CLOSING,		/* closing the connection */
	CS_CLOSED		/* done */
};

#define REQ_INTERNAL	0x01	/* sent by the client itself, not a command */

/* A request sent and not yet answered. */
struct request {
	uint32_t		 id;
	uint16_t		 type;
	int			 flags;		/* REQ_* */
	uint64_t		 session;	/* a 3xx request's session */
	struct timespec		 sent;
	TAILQ_ENTRY(request)	 entry;
};
TAILQ_HEAD(requests, request);

#define ASK_SECRET	0x01	/* do not echo the answer */

typedef void	(*ask_cb)(struct client *, char *, void *);

/*
 * A frontend shows what happens and feeds commands in: line mode, batch
 * mode and the full-screen interface (fe-tui.c).
 */
struct frontend {
	const char	*name;
	/* Set up; return -1 if this frontend cannot run here. */
	int	(*start)(struct client *);
	/* Logged in: start taking commands. */
	void	(*ready)(struct client *);
	/* No request is waiting for its reply any more. */
	void	(*idle)(struct client *);
	/* A client-side event (connected, sent, notice...) as JSON. */
	void	(*event)(struct client *, json_t *);
	/* A message from the server, with the request it answers. */
	void	(*message)(struct client *, const struct proto_msg *,
		    const struct request *);
	/* Ask the user a question; the answer goes to the callback. */
	void	(*ask)(struct client *, const char *, int, ask_cb, void *);
	/* The connection is over: stop taking commands. */
	void	(*stop)(struct client *);
	/* Release what start set up. */
	void	(*free)(struct client *);
};

extern const struct frontend	fe_line;
extern const struct frontend	fe_batch;
extern const struct frontend	fe_tui;
extern const struct frontend	fe_export;

/* The client: one connection, one frontend. */
struct client {
	struct event_base	*base;
	struct options		*opts;
	const struct frontend	*fe;
	void			*fe_data;
	int			 interactive;	/* a person answers prompts */

	enum client_state	 state;
	struct ssl_ctx_st	*ssl_ctx;
	struct net		*net;
	char			 hostname[320];	/* host:port, for known_hosts */
	char			*known_hosts;	/* its path, when used */
	char			 fp[HOSTKEY_SIZE];

	uint32_t		 next_id;
	struct requests		 requests;
	size_t			 nrequests;
	uint32_t		 hello_id;
	uint32_t		 login_id;
	uint32_t		 max_frame;
	uint32_t		 ping_interval;
	struct event		*keepalive;
	uint64_t		 keepalive_nonce;
	int			 keepalive_sent;

	char			*password;	/* until login succeeds */
	int			 password_asked;
	int			 login_tries;
	char			*token;		/* resume token: secret */
	uint64_t		 token_expires;
	uint64_t		 uid;
	char			*user;
	int			 admin;
	int			 must_change_password;

	int			 expect_close;	/* bye or logout sent */
	int			 bye_sent;
	int			 ending;	/* client_end has run */
	int			 refused;	/* a command was refused */
	int			 exit_code;	/* -1 until decided */
	int			 quitting;

	struct model		*model;		/* windows and sessions */
	struct export_state	*export;	/* transcripts: export.c */
	uint32_t		 last_post_id;	/* request id of the last post */
	int			 alerts;	/* MA_* raised by the last message */

	int			 reconnect;	/* retry a lost connection */
	int			 retrying;	/* a retry is scheduled */
	struct event		*retry;
	int64_t			 ready_at;	/* monotonic ms of login_ok */
	int			 token_login;	/* logging in with the token */

	unsigned long		 lineno;	/* input line being run */
	const char		*cmdname;	/* command being run */

	struct event		*sigint;
	struct event		*sigterm;
	struct event		*sighup;
};

struct client	*client_create(struct event_base *, struct options *,
		    const struct frontend *);
void		 client_free(struct client *);
int		 client_start(struct client *);
int		 client_send(struct client *, struct proto_msg *, char *,
		    size_t);
int		 client_send_quiet(struct client *, struct proto_msg *, char *,
		    size_t);
void		 client_quit(struct client *, const char *);
void		 client_event(struct client *, json_t *);
void		 client_notice(struct client *, const char *, ...)
		    __attribute__((__format__(printf, 2, 3)));
void		 client_warnx(struct client *, const char *, ...)
		    __attribute__((__format__(printf, 2, 3)));
void		 client_ask(struct client *, const char *, int, ask_cb,
		    void *);
int		 client_exit_code(const struct client *);
const char	*client_request_name(const struct request *);
char		*client_hostkey_warning(json_t *);
uint64_t	 client_nonce(void);
void		 client_reconnect_now(struct client *);

/* export.c: transcripts exported to files; export-main.c: the subcommand */
#define EXPORT_NONE	0	/* no export yet */
#define EXPORT_RUNNING	1
#define EXPORT_OK	2	/* the last export's file is written */
#define EXPORT_FAILED	3

/* The filters of an export (transcript_export). */
struct export_opts {
	int		 annotations;
	int		 speech;
	uint32_t	 phase;
	uint64_t	 from;
	uint64_t	 to;
	uint64_t	 since;		/* Unix ms; 0: from the start */
	uint64_t	 until;		/* Unix ms; 0: to the end */
};

struct export_state;
const char	*export_format(const char *);
int		 export_time(const char *, int, uint64_t *);
int		 export_path_check(const char *, char *, size_t);
int		 export_prepare(struct client *, uint64_t, const char *, char *,
		    size_t);
void		 export_expect(struct client *, uint32_t);
int		 export_start(struct client *, uint64_t, const char *,
		    const char *, const struct export_opts *, char *, size_t);
int		 export_message(struct client *, const struct proto_msg *);
int		 export_result(const struct client *);
void		 export_note_session(struct client *, uint64_t);
uint64_t	 export_last_session(const struct client *);
void		 export_free(struct client *);
int		 export_argv_find(int, char **);
int		 export_main(int, char **, int);

#endif
