-- The starting catalogue of points rules (积分规则), already reviewed and approved (000 §5).
-- Later rules go through proposed → declared → approved in the hub.
INSERT INTO points_rules (code, name, points, applies_to, status, proposed_by, approved_by, approved_at) VALUES
  ('report_event', '上报有效事件', 2, 'worker', 'approved', 'system', 'system', now()),
  ('patrol_shift', '完成一次全科巡查', 1, 'worker', 'approved', 'system', 'system', now()),
  ('resolve_event', '就地化解事件', 3, 'worker', 'approved', 'system', 'system', now()),
  ('mediate_dispute', '调解矛盾纠纷', 5, 'worker', 'approved', 'system', 'system', now()),
  ('visit_key_person', '走访重点人员', 1, 'worker', 'approved', 'system', 'system', now()),
  ('volunteer_hour', '志愿服务一小时', 1, 'resident', 'approved', 'system', 'system', now()),
  ('overdue_penalty', '事件超时未办结', -2, 'worker', 'approved', 'system', 'system', now())
ON CONFLICT (code) DO NOTHING
;
