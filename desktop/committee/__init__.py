"""Committee mode beyond 报送: compliance (落实情况), integrity alerts (诚信预警), printout verification,
review (审阅) and guidance (工作提示), computed from the chains the committee holds (``ws.oversight``)."""
