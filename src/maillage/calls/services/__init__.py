"""Every write of the calls app, with its checks: views, API, commands and jobs call these."""
