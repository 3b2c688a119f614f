"""Committee mode (工委数据本): the committee's own pages, registered in :data:`ui.pages.COMMITTEE_NAVIGATION`."""
